package dev.felu.audit;

import dev.felu.account.Caller;
import dev.felu.account.CallerContext;
import dev.felu.model.account.Role;
import dev.felu.model.audit.AuditEntry;
import dev.felu.model.zone.ZoneName;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads the audit log. {@link #record} joins the caller's transaction (it is MANDATORY),
 * so an entry commits with its change or not at all. It records who called ({@link CallerContext})
 * and decides nothing about access; reading the log is for admins, a rule the container enforces
 * ({@code @RolesAllowed}).
 */
@Stateless
public class AuditLog {
  /** The actor of changes made outside any request: start-up, timers. */
  public static final String SYSTEM = "system";

  @PersistenceContext EntityManager em;
  @Inject CallerContext callers;

  /** Entity kinds. */
  public static final String ZONE = "zone";

  public static final String RECORD = "record";
  public static final String NAMESERVER = "nameserver";
  public static final String ACCOUNT = "account";
  public static final String TOKEN = "token";
  public static final String TSIG_KEY = "tsig-key";

  /** A dynamic update (RFC 2136) refused for a verified key: action {@code refused}. */
  public static final String UPDATE = "update";

  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public void record(
      String entity, String action, String zone, String subject, String before, String after) {
    em.persist(
        new AuditEntry(
            LocalDateTime.now(ZoneOffset.UTC),
            callers.current().map(Caller::actor).orElse(SYSTEM),
            callers.address(),
            entity,
            action,
            zone,
            subject,
            before,
            after));
  }

  /**
   * Entries newest first, filtered by any of: actor (exact), zone (absolute, case-insensitive),
   * time range [from, to) in UTC; {@code max} entries from the {@code first}, paged in the
   * database.
   */
  @RolesAllowed(Role.ADMIN_NAME)
  public List<AuditEntry> find(
      String actor, String zone, LocalDateTime from, LocalDateTime to, int first, int max) {
    Map<String, Object> params = new HashMap<>();
    TypedQuery<AuditEntry> q =
        em.createQuery(
            "SELECT e FROM AuditEntry e"
                + where(actor, zone, from, to, params)
                + " ORDER BY e.id DESC",
            AuditEntry.class);
    params.forEach(q::setParameter);
    return q.setFirstResult(Math.max(0, first)).setMaxResults(Math.max(1, max)).getResultList();
  }

  /** How many entries {@link #find} pages through with the same filters. */
  @RolesAllowed(Role.ADMIN_NAME)
  public long count(String actor, String zone, LocalDateTime from, LocalDateTime to) {
    Map<String, Object> params = new HashMap<>();
    TypedQuery<Long> q =
        em.createQuery(
            "SELECT COUNT(e) FROM AuditEntry e" + where(actor, zone, from, to, params), Long.class);
    params.forEach(q::setParameter);
    return q.getSingleResult();
  }

  private String where(
      String actor, String zone, LocalDateTime from, LocalDateTime to, Map<String, Object> params) {
    List<String> where = new ArrayList<>();
    if (actor != null && !actor.isBlank()) {
      where.add("e.actor = :actor");
      params.put("actor", actor.trim());
    }
    if (zone != null && !zone.isBlank()) {
      where.add("LOWER(e.zone) = :zone");
      // text that is no zone name matches no entry, as before
      params.put("zone", ZoneName.parse(zone).map(ZoneName::toString).orElse(""));
    }
    if (from != null) {
      where.add("e.at >= :from");
      params.put("from", from);
    }
    if (to != null) {
      where.add("e.at < :to");
      params.put("to", to);
    }
    return where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
  }
}
