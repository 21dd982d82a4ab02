package dev.felu.zone;

import dev.felu.account.CallerContext;
import dev.felu.config.QueryDeadline;
import dev.felu.config.ReadOnlySnapshot;
import dev.felu.problem.NotFoundException;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Writes a zone as a BIND zone file (RFC 1035 §5): {@code $ORIGIN}, the SOA first, then every
 * record with absolute owner names, in name, type and id order. The rows come from a server-side
 * cursor ({@link ZoneRows#FETCH_ROWS} at a time) of one read-only REPEATABLE READ transaction, as
 * {@code TransferReader} reads a transfer: the file is one consistent state of the zone even while
 * edits commit, and the heap holds one page of rows, never the zone or its text.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ZoneFileExport {
  /** Rows per cursor fetch. */
  @Resource(lookup = "jdbc/felu")
  DataSource db;

  @Inject CallerContext callers;

  /**
   * Writes the zone file of {@code zone} (its stored name, see {@link
   * ZoneService#readableName(String)}, which a caller checks before it starts an answer).
   *
   * @throws NotFoundException when the zone is gone by the time the snapshot is taken
   */
  public void write(String zone, OutputStream out) {
    callers.requireRead(zone);
    try {
      ReadOnlySnapshot.read(
          db,
          QueryDeadline.TRANSFER,
          c -> {
            write(c, zone, out);
            return null;
          });
    } catch (SQLException e) {
      throw new IllegalStateException("reading the zone failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Connection c, String zone, OutputStream out)
      throws SQLException, IOException {
    long id =
        ZoneRows.id(c, zone)
            .orElseThrow(() -> new NotFoundException("zone " + zone + " does not exist"));
    Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    text.write("$ORIGIN " + zone + "\n");
    ZoneRows.each(
        c,
        id,
        r -> {
          text.write(r.toString());
          text.write('\n');
          return true;
        });
    text.flush();
  }
}
