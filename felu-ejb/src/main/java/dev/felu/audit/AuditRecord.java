package dev.felu.audit;

import dev.felu.model.audit.AuditEntry;
import java.io.Serializable;
import java.time.LocalDateTime;

/**
 * One audit entry as the REST API and the audit page show it, detached from the persistence
 * context. Times are UTC.
 */
public record AuditRecord(
    long id,
    LocalDateTime at,
    String actor,
    String address,
    String entity,
    String action,
    String zone,
    String subject,
    String before,
    String after)
    implements Serializable {
  public static AuditRecord of(AuditEntry e) {
    return new AuditRecord(
        e.getId(),
        e.getAt(),
        e.getActor(),
        e.getAddress(),
        e.getEntity(),
        e.getAction(),
        e.getZone(),
        e.getSubject(),
        e.getBefore(),
        e.getAfter());
  }
}
