package dev.felu.transfer;

import dev.felu.account.CallerContext;
import dev.felu.audit.AuditLog;
import dev.felu.config.ConfigRevisions;
import dev.felu.input.InvalidInputException;
import dev.felu.model.config.ConfigHead;
import dev.felu.model.tsig.TsigKey;
import dev.felu.model.zone.Zone;
import dev.felu.model.zone.ZoneName;
import dev.felu.problem.NotFoundException;
import dev.felu.zone.ZoneQueries;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A zone's transfer networks: the client networks (CIDR) that may transfer the zone from the
 * nameservers without a TSIG key; and its secondaries to notify ({@link NotifySecondary}), which
 * the nameservers send a NOTIFY (RFC 1996) when the zone changes. Read by whoever may read the
 * zone, set by whoever may edit it (its scope checked through {@link CallerContext}). A change is
 * audited and commits a config revision without zone changes ({@link
 * ConfigRevisions#commitPolicy}), which brings the new policy to every nameserver. The keys that
 * may transfer a zone are set on the keys ({@code dev.felu.tsig.TsigKeyService#setZones}, admins
 * only).
 */
@Stateless
public class ZoneTransferService {
  @PersistenceContext EntityManager em;
  @Inject CallerContext callers;
  @Inject ConfigRevisions revisions;
  @Inject AuditLog audit;
  @Inject ZoneQueries queries;

  /** The zone's transfer networks, in normal form, sorted. */
  public List<String> networks(String zone) {
    Zone z = zone(zone);
    callers.requireRead(z.getName());
    return stored(z);
  }

  /**
   * Replaces the zone's transfer networks ({@code []}: none).
   *
   * @return the networks now stored, in normal form
   */
  public List<String> setNetworks(String zone, List<String> networks) {
    List<String> checked = TransferNetwork.normalize(networks);
    ConfigHead head = revisions.lock();
    Zone z = zone(zone);
    callers.requireEdit(z.getName());
    List<String> before = stored(z);
    if (before.equals(checked)) {
      return before;
    }
    em.createNativeQuery("DELETE FROM zone_transfer_network WHERE zone_id = ?")
        .setParameter(1, z.getId())
        .executeUpdate();
    for (String n : checked) {
      em.createNativeQuery("INSERT INTO zone_transfer_network (zone_id, cidr) VALUES (?, ?)")
          .setParameter(1, z.getId())
          .setParameter(2, n)
          .executeUpdate();
    }
    audit.record(
        AuditLog.ZONE,
        "transfer-networks",
        z.getName(),
        z.getName(),
        String.join(" ", before),
        String.join(" ", checked));
    revisions.commitPolicy(head, "transfer networks of zone " + z.getName() + " changed");
    return checked;
  }

  /** The secondaries the nameservers NOTIFY when the zone changes, by address and port. */
  public List<NotifySecondary> secondaries(String zone) {
    Zone z = zone(zone);
    callers.requireRead(z.getName());
    return storedSecondaries(z);
  }

  /**
   * Replaces the secondaries the nameservers NOTIFY when the zone changes ({@code []}: none). A
   * secondary's key must be in the key store and may transfer the zone (a secondary that is
   * notified then transfers with it).
   *
   * @return the secondaries now stored, in normal form
   * @throws InvalidInputException on the field {@code secondaries}
   */
  public List<NotifySecondary> setSecondaries(String zone, List<NotifySecondary> secondaries) {
    List<NotifySecondary> checked = NotifySecondary.normalize(secondaries);
    ConfigHead head = revisions.lock();
    Zone z = zone(zone);
    callers.requireEdit(z.getName());
    Map<String, Long> keys = keyIds(z, checked);
    checked = checked.stream().sorted(NotifySecondary.ORDER).toList();
    List<NotifySecondary> before = storedSecondaries(z);
    if (before.equals(checked)) {
      return before;
    }
    em.createNativeQuery("DELETE FROM zone_notify_secondary WHERE zone_id = ?")
        .setParameter(1, z.getId())
        .executeUpdate();
    for (NotifySecondary s : checked) {
      // no null bound: an unsigned secondary's row leaves key_id out
      var insert =
          em.createNativeQuery(
                  s.key() == null
                      ? "INSERT INTO zone_notify_secondary (zone_id, address, port) VALUES (?, ?, ?)"
                      : "INSERT INTO zone_notify_secondary (zone_id, address, port, key_id)"
                          + " VALUES (?, ?, ?, ?)")
              .setParameter(1, z.getId())
              .setParameter(2, s.address())
              .setParameter(3, s.port());
      if (s.key() != null) {
        insert.setParameter(4, keys.get(s.key()));
      }
      insert.executeUpdate();
    }
    audit.record(
        AuditLog.ZONE,
        "notify-secondaries",
        z.getName(),
        z.getName(),
        describe(before),
        describe(checked));
    revisions.commitPolicy(head, "secondaries to notify of zone " + z.getName() + " changed");
    return checked;
  }

  /** The ids of the secondaries' keys, each checked: it exists and may transfer the zone. */
  private Map<String, Long> keyIds(Zone z, List<NotifySecondary> secondaries) {
    Map<String, Long> ids = new HashMap<>();
    for (int i = 0; i < secondaries.size(); i++) {
      NotifySecondary s = secondaries.get(i);
      String entry = "secondary #" + (i + 1) + " " + s.endpoint();
      if (s.key() == null || ids.containsKey(s.key())) {
        continue;
      }
      TsigKey key =
          em.createNamedQuery(TsigKey.BY_NAME, TsigKey.class)
              .setParameter("name", s.key())
              .getResultStream()
              .findFirst()
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          NotifySecondary.FIELD,
                          entry
                              + ": TSIG key "
                              + s.key()
                              + " does not exist; make it first (TSIG keys)"));
      if (!key.getZones().contains(z.getName())) {
        throw new InvalidInputException(
            NotifySecondary.FIELD,
            entry
                + ": TSIG key "
                + s.key()
                + " may not transfer zone "
                + z.getName()
                + "; add the zone to the key first (TSIG keys)");
      }
      ids.put(s.key(), key.getId());
    }
    return ids;
  }

  private List<NotifySecondary> storedSecondaries(Zone z) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT s.address, s.port, k.name FROM zone_notify_secondary s"
                    + " LEFT JOIN tsig_key k ON k.id = s.key_id WHERE s.zone_id = ?"
                    + " ORDER BY s.address, s.port")
            .setParameter(1, z.getId())
            .getResultList();
    return rows.stream()
        .map(r -> new NotifySecondary((String) r[0], ((Number) r[1]).intValue(), (String) r[2]))
        .sorted(NotifySecondary.ORDER)
        .toList();
  }

  private static String describe(List<NotifySecondary> secondaries) {
    return secondaries.stream().map(NotifySecondary::toString).collect(Collectors.joining(", "));
  }

  private List<String> stored(Zone z) {
    @SuppressWarnings("unchecked")
    List<String> rows =
        em.createNativeQuery(
                "SELECT cidr FROM zone_transfer_network WHERE zone_id = ? ORDER BY cidr")
            .setParameter(1, z.getId())
            .getResultList();
    return rows.stream().sorted().toList();
  }

  private Zone zone(String name) {
    ZoneName zoneName = ZoneName.of(name);
    return queries
        .find(zoneName)
        .orElseThrow(() -> new NotFoundException("zone " + zoneName + " does not exist"));
  }
}
