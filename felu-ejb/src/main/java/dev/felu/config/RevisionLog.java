package dev.felu.config;

import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Compacts the revision log: keeps the newest {@code felu.config.revision-retention} revisions
 * (default 10,000) with the zones each changed, and the nameserver progress recorded for them. A
 * nameserver holding a revision older than the oldest kept one gets a full snapshot instead of a
 * delta ({@link TransferReader}).
 */
@Stateless
public class RevisionLog {
  private static final Logger LOG = Logger.getLogger(RevisionLog.class.getName());

  @PersistenceContext EntityManager em;

  @Inject
  @ConfigProperty(name = "felu.config.revision-retention", defaultValue = "10000")
  long retention;

  @Schedule(minute = "*/10", hour = "*", persistent = false)
  void compactOnTimer() {
    compact(retention);
  }

  /**
   * Deletes the log rows of every revision older than the newest {@code keep} (at least 1 is kept)
   * and returns how many revisions were deleted. Idempotent, so every instance of a cluster may run
   * it.
   */
  public int compact(long keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("the revision log keeps at least 1 revision");
    }
    long head =
        ((Number) em.createQuery("SELECT h.revision FROM ConfigHead h").getSingleResult())
            .longValue();
    long cutoff = head - keep;
    if (cutoff < 1) {
      return 0;
    }
    em.createNativeQuery("DELETE FROM config_revision_zone WHERE revision <= ?")
        .setParameter(1, cutoff)
        .executeUpdate();
    int deleted =
        em.createNativeQuery("DELETE FROM config_revision WHERE revision <= ?")
            .setParameter(1, cutoff)
            .executeUpdate();
    em.createNativeQuery("DELETE FROM nameserver_progress WHERE revision <= ?")
        .setParameter(1, cutoff)
        .executeUpdate();
    if (deleted > 0) {
      LOG.info("revision log compacted: " + deleted + " revisions up to " + cutoff + " deleted");
    }
    return deleted;
  }

  /** The oldest revision still in the log, or 0 when the log is empty. */
  public long oldestKept() {
    Number n =
        (Number) em.createQuery("SELECT MIN(r.revision) FROM ConfigRevision r").getSingleResult();
    return n == null ? 0 : n.longValue();
  }
}
