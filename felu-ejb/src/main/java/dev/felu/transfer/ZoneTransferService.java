package dev.felu.transfer;

import dev.felu.account.CallerContext;
import dev.felu.audit.AuditLog;
import dev.felu.config.ConfigRevisions;
import dev.felu.model.config.ConfigHead;
import dev.felu.model.zone.Zone;
import dev.felu.model.zone.ZoneName;
import dev.felu.problem.NotFoundException;
import dev.felu.zone.ZoneQueries;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * A zone's transfer networks: the client networks (CIDR) that may transfer the zone from the
 * nameservers without a TSIG key. Read by whoever may read the zone, set by whoever may edit it
 * (its scope checked through {@link CallerContext}). A change is audited and commits a config
 * revision without zone changes ({@link ConfigRevisions#commitPolicy}), which brings the new policy
 * to every nameserver. The keys that may transfer a zone are set on the keys ({@code
 * dev.felu.tsig.TsigKeyService#setZones}, admins only).
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
