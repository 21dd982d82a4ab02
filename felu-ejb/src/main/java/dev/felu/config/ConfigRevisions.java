package dev.felu.config;

import dev.felu.model.config.ConfigHead;
import dev.felu.model.config.ConfigRevision;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.ZoneContent;
import dev.felu.protocol.ZoneDigest;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Hands out revisions. A change calls {@link #lock()} first, which serialises all config changes on
 * the head row, and {@link #commit} last, inside the same transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class ConfigRevisions {
  @PersistenceContext EntityManager em;
  @Inject Event<ConfigChanged> changes;

  /** Locks the head row for the rest of the transaction and returns it. */
  public ConfigHead lock() {
    ConfigHead head = em.find(ConfigHead.class, ConfigHead.ID, LockModeType.PESSIMISTIC_WRITE);
    if (head == null) {
      throw new IllegalStateException("config head row is missing (ConfigBootstrap did not run)");
    }
    return head;
  }

  /**
   * Records one zone's change as a new revision.
   *
   * @param before the zone's digest before the change, null when it is new
   * @param after the zone's new content, null when it was deleted
   */
  public long commit(
      ConfigHead head, Name zone, ZoneDigest before, ZoneContent after, String summary) {
    return commitDigest(head, zone, before, after == null ? null : after.digest(), summary);
  }

  /**
   * As {@link #commit(ConfigHead, Name, ZoneDigest, ZoneContent, String)}, with the new content's
   * digest only (computed by a caller that pages through a large zone's rows).
   */
  public long commitDigest(
      ConfigHead head, Name zone, ZoneDigest before, ZoneDigest after, String summary) {
    ConfigHash hash = head.hash();
    if (before != null) {
      hash = hash.minus(before);
    }
    if (after != null) {
      hash = hash.plus(after);
    }
    long revision = head.advance(hash);
    em.persist(
        new ConfigRevision(revision, hash.hex(), summary, Set.of(zone.canonicalize().toString())));
    changes.fire(new ConfigChanged(revision, hash));
    return revision;
  }

  /** One zone's part of a revision that changes several: its digest before and after. */
  public record ZoneChange(Name zone, ZoneDigest before, ZoneDigest after) {}

  /**
   * Records several zones' changes as one new revision (a bulk import): the hash moves by every
   * zone's old digest out and new one in, the revision log names every zone, one {@link
   * ConfigChanged} is fired. A nameserver behind it gets one delta carrying all of them.
   */
  public long commitAll(ConfigHead head, java.util.List<ZoneChange> changed, String summary) {
    ConfigHash hash = head.hash();
    Set<String> names = new java.util.HashSet<>();
    for (ZoneChange c : changed) {
      if (c.before() != null) {
        hash = hash.minus(c.before());
      }
      if (c.after() != null) {
        hash = hash.plus(c.after());
      }
      names.add(c.zone().canonicalize().toString());
    }
    long revision = head.advance(hash);
    em.persist(new ConfigRevision(revision, hash.hex(), summary, names));
    changes.fire(new ConfigChanged(revision, hash));
    return revision;
  }

  /**
   * Records a change of the zone-transfer policy (TSIG keys, who may transfer which zone) as a new
   * revision without zone changes: the hash (the sum of zone digests) stays, the revision moves on,
   * so every nameserver gets a delta, which carries the whole policy
   * (ARCHITECTURE.md#flow-zone-transfers).
   */
  public long commitPolicy(ConfigHead head, String summary) {
    return commitAll(head, java.util.List.of(), summary);
  }

  /**
   * The hash recorded when {@code revision} was made (ARCHITECTURE.md#inv-config-identity:
   * management knows the expected hash of every revision); revision 0 is the empty config.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public java.util.Optional<ConfigHash> hashAt(long revision) {
    if (revision == 0) {
      return java.util.Optional.of(ConfigHash.EMPTY);
    }
    ConfigRevision r = em.find(ConfigRevision.class, revision, QueryDeadline.hints());
    return java.util.Optional.ofNullable(r).map(x -> ConfigHash.fromHex(x.getHash()));
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public ConfigHeadView head() {
    ConfigHead head = em.find(ConfigHead.class, ConfigHead.ID, QueryDeadline.hints());
    return head == null
        ? new ConfigHeadView(0, ConfigHash.EMPTY)
        : new ConfigHeadView(head.getRevision(), head.hash());
  }
}
