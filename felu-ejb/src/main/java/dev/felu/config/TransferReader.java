package dev.felu.config;

import dev.felu.model.zone.ZoneRecord;
import dev.felu.nameserver.LinkKeyVault;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.TransferWriter;
import dev.felu.transfer.TransferPolicyRows;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Reads what a nameserver misses and streams it as one transfer (protocol v2), chunk by chunk, to
 * whoever sends it on: a combined delta from the revision the nameserver holds, or the whole
 * configuration.
 *
 * <p>Consistency without blocking writers: everything of one transfer is read in one read-only
 * REPEATABLE READ transaction of PostgreSQL, whose snapshot shows exactly one committed revision
 * (every change writes its zones, the head and the revision log in one transaction). Changes keep
 * committing while a large snapshot is read and sent; the nameserver gets the revision the snapshot
 * saw, and the next sync brings the rest. Rows come from a server-side cursor ({@link #FETCH_ROWS}
 * at a time) straight into the {@link TransferWriter}, so the management heap holds one page of
 * rows and one chunk, never the whole configuration. The zone-transfer policy (TSIG keys and
 * per-zone rules) is read in the same snapshot and sent whole, before the Commit.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TransferReader {
  private static final Logger LOG = Logger.getLogger(TransferReader.class.getName());

  /** Rows per cursor fetch. */
  static final int FETCH_ROWS = 2000;

  /** Changed zone names per query of a delta. */
  private static final int NAMES_PER_QUERY = 500;

  private static final String RECORDS =
      "SELECT z.name, r.name, r.type, r.ttl, r.data FROM zone z"
          + " LEFT JOIN zone_record r ON r.zone_id = z.id";

  @Resource(lookup = "jdbc/felu")
  DataSource db;

  @Inject LinkKeyVault vault;

  /**
   * Streams what a nameserver holding {@code (heldRevision, heldHash)} needs to reach the head:
   * nothing (returns null) when it holds the head; a delta when the revision log still covers its
   * revision and records exactly its hash; otherwise (new, restarted, too far behind, wrong hash,
   * or {@code snapshotOnly}) a snapshot.
   *
   * @return the Begin that was sent (its kind, revision and hash), or null when nothing was sent
   */
  public Message.Begin transfer(
      long heldRevision, ConfigHash heldHash, boolean snapshotOnly, Consumer<Message> out) {
    try {
      return ReadOnlySnapshot.read(
          db, QueryDeadline.TRANSFER, c -> transfer(c, heldRevision, heldHash, snapshotOnly, out));
    } catch (SQLException e) {
      throw new IllegalStateException("reading the configuration failed: " + e.getMessage(), e);
    }
  }

  private Message.Begin transfer(
      Connection c,
      long heldRevision,
      ConfigHash heldHash,
      boolean snapshotOnly,
      Consumer<Message> out)
      throws SQLException {
    long headRevision;
    ConfigHash headHash;
    try (PreparedStatement ps = c.prepareStatement("SELECT revision, hash FROM config_head");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("config head row is missing");
      }
      headRevision = rs.getLong(1);
      headHash = ConfigHash.fromHex(rs.getString(2));
    }
    if (heldRevision == headRevision && headHash.equals(heldHash) && !snapshotOnly) {
      return null;
    }
    if (!snapshotOnly && heldRevision >= 0 && heldRevision < headRevision) {
      ConfigHash recorded = recordedHash(c, heldRevision);
      if (recorded != null && recorded.equals(heldHash)) {
        return delta(c, heldRevision, headRevision, headHash, out);
      }
    }
    return snapshot(c, headRevision, headHash, out);
  }

  /** The hash the log records for a revision, or null when that revision was compacted away. */
  private static ConfigHash recordedHash(Connection c, long revision) throws SQLException {
    if (revision == 0) {
      // the empty config: covered only while revision 1 is still in the log
      try (PreparedStatement ps =
              c.prepareStatement("SELECT 1 FROM config_revision WHERE revision = 1");
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? ConfigHash.EMPTY : null;
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT hash FROM config_revision WHERE revision = ?")) {
      ps.setLong(1, revision);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? ConfigHash.fromHex(rs.getString(1)) : null;
      }
    }
  }

  private Message.Begin snapshot(
      Connection c, long revision, ConfigHash hash, Consumer<Message> out) throws SQLException {
    Message.Begin begin = Message.Begin.snapshot(revision, hash);
    TransferWriter writer = new TransferWriter(begin, out);
    try (PreparedStatement ps = c.prepareStatement(RECORDS + " ORDER BY z.name, r.id")) {
      stream(ps, writer, new HashSet<>());
    }
    policy(c, writer);
    writer.commit();
    LOG.fine(
        () ->
            "read snapshot of revision "
                + revision
                + ": "
                + writer.zoneCount()
                + " zones, "
                + writer.recordCount()
                + " records, "
                + writer.frames()
                + " frames");
    return begin;
  }

  private Message.Begin delta(
      Connection c, long base, long revision, ConfigHash hash, Consumer<Message> out)
      throws SQLException {
    List<String> changed = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT DISTINCT zone_name FROM config_revision_zone WHERE revision > ?")) {
      ps.setLong(1, base);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          changed.add(rs.getString(1));
        }
      }
    }
    Message.Begin begin = Message.Begin.delta(base, revision, hash);
    TransferWriter writer = new TransferWriter(begin, out);
    Set<String> present = new HashSet<>();
    for (int from = 0; from < changed.size(); from += NAMES_PER_QUERY) {
      List<String> names = changed.subList(from, Math.min(changed.size(), from + NAMES_PER_QUERY));
      try (PreparedStatement ps =
          c.prepareStatement(RECORDS + " WHERE z.name = ANY (?) ORDER BY z.name, r.id")) {
        ps.setArray(1, c.createArrayOf("varchar", names.toArray()));
        stream(ps, writer, present);
      }
    }
    for (String name : changed) {
      if (!present.contains(name)) {
        writer.removal(name(name));
      }
    }
    policy(c, writer);
    writer.commit();
    return begin;
  }

  /**
   * Every transfer, snapshot or delta, carries the whole zone-transfer policy of the same snapshot:
   * a change of keys or networks commits a revision without zone changes, and the delta that brings
   * a nameserver to it brings the policy.
   */
  private void policy(Connection c, TransferWriter writer) throws SQLException {
    TransferPolicyRows.Policy p = TransferPolicyRows.read(c, vault.available().orElse(null));
    writer.policy(p.keys(), p.zones());
  }

  /**
   * Streams the rows of a query ordered by zone into the writer and adds the zones' names to {@code
   * seen}. The hash is not recomputed here (that would hold a whole zone): the nameserver verifies
   * the head hash before it swaps, and a mismatch comes back as a precise error.
   */
  private static void stream(PreparedStatement ps, TransferWriter writer, Set<String> seen)
      throws SQLException {
    ps.setFetchSize(FETCH_ROWS);
    String zone = null;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String z = rs.getString(1);
        if (!z.equals(zone)) {
          if (zone != null) {
            writer.endZone();
          }
          zone = z;
          seen.add(z);
          writer.startZone(name(z));
        }
        String owner = rs.getString(2);
        if (owner != null) {
          writer.record(
              ZoneRecord.toDnsRecord(owner, rs.getString(3), rs.getLong(4), rs.getString(5)));
        }
      }
    }
    if (zone != null) {
      writer.endZone();
    }
  }

  private static Name name(String stored) {
    try {
      return Name.fromString(stored);
    } catch (TextParseException e) {
      throw new IllegalStateException("stored zone name is invalid: " + stored, e);
    }
  }
}
