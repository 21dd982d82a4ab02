package dev.felu.nameserver;

import dev.felu.config.QueryDeadline;
import dev.felu.model.nameserver.NameserverProgress;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * When each nameserver reached which revision (table {@code nameserver_progress}), for per-change
 * propagation status. The push coordinator writes one row per revision a nameserver is seen holding
 * with the recorded hash; rows are compacted with the revision log.
 */
@Stateless
public class NameserverProgressLog {
  @PersistenceContext EntityManager em;

  /** Records that {@code nameserver} holds {@code revision} (with its recorded hash) now. */
  public void record(String nameserver, long revision) {
    QueryDeadline.boundTransaction(em); // on the push path: never waits for a lock for long
    em.persist(new NameserverProgress(nameserver, revision, LocalDateTime.now(ZoneOffset.UTC)));
  }

  /**
   * The earliest time {@code nameserver} was seen holding {@code revision} or a newer one, in UTC;
   * empty when it has not (yet). Exact for revisions still in the revision log; for a compacted
   * revision the answer is the earliest time still recorded, i.e. no earlier than the truth.
   */
  public Optional<OffsetDateTime> reachedAt(String nameserver, long revision) {
    LocalDateTime t =
        em.createQuery(
                "SELECT MIN(p.reachedAt) FROM NameserverProgress p"
                    + " WHERE p.nameserver = :ns AND p.revision >= :revision",
                LocalDateTime.class)
            .setParameter("ns", nameserver)
            .setParameter("revision", revision)
            .getSingleResult();
    return Optional.ofNullable(t).map(x -> x.atOffset(ZoneOffset.UTC));
  }
}
