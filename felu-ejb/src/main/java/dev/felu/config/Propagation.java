package dev.felu.config;

import dev.felu.account.CallerContext;
import dev.felu.model.config.ConfigRevision;
import dev.felu.model.nameserver.Nameserver;
import dev.felu.nameserver.NameserverProgressLog;
import dev.felu.nameserver.NameserverService;
import dev.felu.problem.NotFoundException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-change propagation status: for a revision, which enabled nameservers serve it and since when
 * (from the progress each nameserver reported over its config link, hash verified).
 */
@Stateless
public class Propagation {
  @PersistenceContext EntityManager em;
  @Inject NameserverService nameservers;
  @Inject NameserverProgressLog progress;
  @Inject CallerContext callers;

  /**
   * The status of one revision still in the revision log. A revision that changed a zone outside
   * the caller's scope is, to that caller, not there (the same answer, so its existence says
   * nothing either).
   */
  public ChangeStatus of(long revision) {
    ConfigRevision r = em.find(ConfigRevision.class, revision);
    if (r == null || !r.getChangedZones().stream().allMatch(callers::canRead)) {
      throw new NotFoundException(
          "revision " + revision + " is not in the revision log (never made, or compacted)");
    }
    return status(r, enabled());
  }

  /**
   * The newest {@code limit} revisions the caller may see, newest first: for a caller limited to
   * some zones, only changes of those zones (a change's summary carries its records).
   */
  public List<ChangeStatus> recent(int limit) {
    List<Nameserver> enabled = enabled();
    Map<String, Object> params = new HashMap<>();
    String scope =
        callers
            .scopeFilter("z", params)
            .map(
                inScope ->
                    " WHERE EXISTS (SELECT z FROM ConfigRevision s JOIN s.changedZones z"
                        + " WHERE s = r) AND NOT EXISTS (SELECT z FROM ConfigRevision s"
                        + " JOIN s.changedZones z WHERE s = r AND NOT ("
                        + inScope
                        + "))")
            .orElse("");
    TypedQuery<ConfigRevision> q =
        em.createQuery(
            "SELECT r FROM ConfigRevision r" + scope + " ORDER BY r.revision DESC",
            ConfigRevision.class);
    params.forEach(q::setParameter);
    return q.setMaxResults(limit).getResultList().stream().map(r -> status(r, enabled)).toList();
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
