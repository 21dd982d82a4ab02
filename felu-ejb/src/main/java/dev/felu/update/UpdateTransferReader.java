package dev.felu.update;

import dev.felu.config.QueryDeadline;
import dev.felu.config.ReadOnlySnapshot;
import dev.felu.model.zone.ZoneName;
import dev.felu.update.UpdateTransfers.Read;
import dev.felu.zone.ZoneRows;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.xbill.DNS.Name;

/**
 * The UPDATE endpoint's zone transfers as the database holds them ({@link UpdateTransfers.Zones}):
 * in one read-only REPEATABLE READ transaction ({@link ReadOnlySnapshot}, each statement bounded by
 * {@link QueryDeadline#TRANSFER}) the zone, its transfer policy — the rows {@code
 * dev.felu.transfer.TransferPolicyRows} sends the nameservers: {@code zone_transfer_network} and
 * {@code tsig_key_zone} — and, only when that admits the request, its records through a cursor
 * ({@link ZoneRows#FETCH_ROWS} at a time), the SOA first, as {@code ZoneFileExport} reads them.
 * Policy and records are of one revision; the connection is given back before the answer is sent.
 */
@ApplicationScoped
public class UpdateTransferReader implements UpdateTransfers.Zones {
  /** Rows per cursor fetch. */
  @Resource(lookup = "jdbc/felu")
  DataSource db;

  @Override
  public Read read(Name apex, Predicate<TransferAccess> admitted, ZoneTransferAnswer answer)
      throws SQLException {
    ZoneName zone = ZoneName.parse(apex.toString()).orElse(null);
    if (zone == null) {
      return Read.NO_ZONE;
    }
    return ReadOnlySnapshot.read(
        db, QueryDeadline.TRANSFER, c -> read(c, zone.toString(), admitted, answer));
  }

  private static Read read(
      Connection c, String zone, Predicate<TransferAccess> admitted, ZoneTransferAnswer answer)
      throws SQLException {
    java.util.OptionalLong found = ZoneRows.id(c, zone);
    if (found.isEmpty()) {
      return Read.NO_ZONE;
    }
    long id = found.getAsLong();
    if (!admitted.test(access(c, id, zone))) {
      return Read.REFUSED;
    }
    try {
      ZoneRows.each(c, id, answer::accept);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Read.READ;
  }

  /** The zone's transfer policy: its client networks and the keys allowed on it. */
  private static TransferAccess access(Connection c, long id, String zone) throws SQLException {
    List<String> networks = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT cidr FROM zone_transfer_network WHERE zone_id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          networks.add(rs.getString(1));
        }
      }
    }
    Set<Name> keys = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT k.name FROM tsig_key_zone kz JOIN tsig_key k ON k.id = kz.key_id"
                + " WHERE kz.zone = ?")) {
      ps.setString(1, zone);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(Name.fromConstantString(rs.getString(1)));
        }
      }
    }
    return new TransferAccess(networks, keys);
  }
}
