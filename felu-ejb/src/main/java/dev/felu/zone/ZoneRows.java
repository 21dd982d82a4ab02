package dev.felu.zone;

import dev.felu.model.zone.ZoneRecord;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import org.xbill.DNS.Record;

/**
 * A zone's records read straight by JDBC, in zone-file order (the SOA first, then by name and
 * type), through a cursor of {@link #FETCH_ROWS} rows at a time — for the readers that stream a
 * whole zone inside one read-only snapshot: the zone-file export, the UPDATE endpoint's AXFR.
 */
public final class ZoneRows {
  /** Rows fetched per round trip; the whole zone is never in memory at once. */
  public static final int FETCH_ROWS = 2000;

  /** Takes one record; false stops the reading. */
  @FunctionalInterface
  public interface Sink {
    boolean accept(Record record) throws IOException;
  }

  private ZoneRows() {}

  /** The zone's row id, if a zone of that (normalised) name exists. */
  public static OptionalLong id(Connection c, String zone) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM zone WHERE name = ?")) {
      ps.setString(1, zone);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /** Hands every record of zone {@code id} to {@code sink}, in order, until it says stop. */
  public static void each(Connection c, long id, Sink sink) throws SQLException, IOException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT name, type, ttl, data FROM zone_record WHERE zone_id = ?"
                + " ORDER BY CASE WHEN type = 'SOA' THEN 0 ELSE 1 END, name, type, id")) {
      ps.setFetchSize(FETCH_ROWS);
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!sink.accept(
              ZoneRecord.toDnsRecord(
                  rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))) {
            return;
          }
        }
      }
    }
  }
}
