package dev.felu.config;

import dev.felu.model.config.ConfigRevision;
import dev.felu.model.nameserver.Nameserver;
import dev.felu.nameserver.NameserverProgressLog;
import dev.felu.nameserver.NameserverService;
import dev.felu.problem.NotFoundException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-change propagation status: for a revision, which enabled nameservers serve it and since when
 * (from the progress each nameserver reported over its config link, hash verified).
 */
@Stateless
public class Propagation {
  @PersistenceContext EntityManager em;
  @Inject NameserverService nameservers;
  @Inject NameserverProgressLog progress;

  /** The status of one revision still in the revision log. */
  public ChangeStatus of(long revision) {
    ConfigRevision r = em.find(ConfigRevision.class, revision);
    if (r == null) {
      throw new NotFoundException(
          "revision " + revision + " is not in the revision log (never made, or compacted)");
    }
    return status(r, enabled());
  }

  /** The newest {@code limit} revisions, newest first. */
  public List<ChangeStatus> recent(int limit) {
    List<Nameserver> enabled = enabled();
    return em
        .createQuery(
            "SELECT r FROM ConfigRevision r ORDER BY r.revision DESC", ConfigRevision.class)
        .setMaxResults(limit)
        .getResultList()
        .stream()
        .map(r -> status(r, enabled))
        .toList();
  }

  private List<Nameserver> enabled() {
    return nameservers.list().stream().filter(Nameserver::isEnabled).toList();
  }

  private ChangeStatus status(ConfigRevision r, List<Nameserver> enabled) {
    List<ChangeStatus.Served> served = new ArrayList<>();
    boolean all = true;
    for (Nameserver ns : enabled) {
      ChangeStatus.Served s =
          new ChangeStatus.Served(
              ns.getName(), progress.reachedAt(ns.getName(), r.getRevision()).orElse(null));
      all &= s.servedAt() != null;
      served.add(s);
    }
    String state = enabled.isEmpty() ? "NO_NAMESERVERS" : all ? "INSYNC" : "PENDING";
    return new ChangeStatus(
        r.getRevision(),
        r.getCreatedAt().atOffset(ZoneOffset.UTC),
        r.getSummary(),
        r.getChangedZones().stream().sorted().toList(),
        state,
        served);
  }
}
