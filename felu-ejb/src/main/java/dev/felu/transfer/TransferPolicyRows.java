package dev.felu.transfer;

import dev.felu.link.KeySealer;
import dev.felu.model.tsig.TsigKey;
import dev.felu.protocol.Message;
import dev.felu.tsig.TsigAlgorithm;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Reads the whole zone-transfer policy on a given connection (the transfer reader's snapshot, so
 * the policy and the zones are of one revision): every TSIG key, opened, and for each zone that has
 * any, its networks, the keys that may transfer it and the secondaries to notify of its changes.
 * Rules for zones that do not exist (a key's zone deleted since) are left out. Secrets exist in the
 * clear only in the returned messages, which go straight to the link.
 */
public final class TransferPolicyRows {
  /** The policy's keys and per-zone rules, ready for the transfer writer. */
  public record Policy(List<Message.PolicyKey> keys, List<Message.ZonePolicy> zones) {}

  private TransferPolicyRows() {}

  /**
   * @param sealer opens the secrets; null when the master key is missing (then only a policy
   *     without keys can be read)
   */
  public static Policy read(Connection c, KeySealer sealer) throws SQLException {
    List<Message.PolicyKey> keys = keys(c, sealer);
    Map<String, List<String>> networks = new TreeMap<>();
    Map<String, List<Name>> zoneKeys = new TreeMap<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT z.name, n.cidr FROM zone_transfer_network n"
                    + " JOIN zone z ON z.id = n.zone_id ORDER BY z.name, n.cidr");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        networks.computeIfAbsent(rs.getString(1), z -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT kz.zone, k.name FROM tsig_key_zone kz JOIN tsig_key k ON k.id = kz.key_id"
                    + " JOIN zone z ON z.name = kz.zone ORDER BY kz.zone, k.name");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        zoneKeys
            .computeIfAbsent(rs.getString(1), z -> new ArrayList<>())
            .add(name(rs.getString(2)));
      }
    }
    Map<String, List<Message.NotifyTarget>> secondaries = new TreeMap<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT z.name, s.address, s.port, k.name FROM zone_notify_secondary s"
                    + " JOIN zone z ON z.id = s.zone_id LEFT JOIN tsig_key k ON k.id = s.key_id"
                    + " ORDER BY z.name, s.address, s.port");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String key = rs.getString(4);
        secondaries
            .computeIfAbsent(rs.getString(1), z -> new ArrayList<>())
            .add(
                new Message.NotifyTarget(
                    rs.getString(2), rs.getInt(3), key == null ? null : name(key)));
      }
    }
    TreeSet<String> ruled = new TreeSet<>(networks.keySet());
    ruled.addAll(zoneKeys.keySet());
    ruled.addAll(secondaries.keySet());
    List<Message.ZonePolicy> zones = new ArrayList<>();
    for (String z : ruled) {
      zones.add(
          new Message.ZonePolicy(
              name(z),
              networks.getOrDefault(z, List.of()),
              zoneKeys.getOrDefault(z, List.of()),
              secondaries.getOrDefault(z, List.of())));
    }
    return new Policy(keys, zones);
  }

  /**
   * Every TSIG key of the store, opened: what the nameservers verify transfers with, and what the
   * management server's UPDATE endpoint verifies updates with ({@code dev.felu.update.UpdateKeys}).
   *
   * @param sealer opens the secrets; null when the master key is missing (then a store with keys
   *     cannot be read)
   */
  public static List<Message.PolicyKey> keys(Connection c, KeySealer sealer) throws SQLException {
    List<Message.PolicyKey> keys = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT name, algorithm, sealed FROM tsig_key ORDER BY name");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String name = rs.getString(1);
        keys.add(
            new Message.PolicyKey(
                name(name),
                TsigAlgorithm.of(rs.getString(2)).dnsName(),
                open(sealer, rs.getBytes(3), name)));
      }
    }
    return keys;
  }

  private static byte[] open(KeySealer sealer, byte[] sealed, String name) {
    if (sealer == null) {
      throw new IllegalStateException(
          "TSIG key " + name + " cannot be opened: the link master key is not available");
    }
    return sealer.open(sealed, TsigKey.sealingContext(name));
  }

  private static Name name(String stored) {
    try {
      return Name.fromString(stored);
    } catch (TextParseException e) {
      throw new IllegalStateException("stored name is invalid: " + stored, e);
    }
  }
}
