package dev.felu.model.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * One change as the audit log keeps it: who (account, or {@code token:<name>}), when (UTC), from
 * where (client address), what (entity kind, action, zone, subject) and the record before and after
 * in presentation form. Written in the transaction of the change itself, so a change without its
 * entry cannot commit.
 */
@Entity
@Table(
    name = "audit_entry",
    indexes = {
      @Index(name = "audit_entry_at", columnList = "at"),
      @Index(name = "audit_entry_actor", columnList = "actor"),
      @Index(name = "audit_entry_zone", columnList = "zone")
    })
public class AuditEntry {
  @Id
  @SequenceGenerator(name = "audit_seq", sequenceName = "audit_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_seq")
  private Long id;

  @Column(nullable = false)
  private LocalDateTime at;

  @Column(nullable = false, length = 120)
  private String actor;

  @Column(length = 64)
  private String address;

  /** zone, record, nameserver, account, token. */
  @Column(nullable = false, length = 20)
  private String entity;

  /** create, update, delete. */
  @Column(nullable = false, length = 20)
  private String action;

  @Column(length = 255)
  private String zone;

  @Column(length = 300)
  private String subject;

  @Column(name = "before_text", length = 1_000_000)
  private String before;

  @Column(name = "after_text", length = 1_000_000)
  private String after;

  protected AuditEntry() {}

  public AuditEntry(
      LocalDateTime at,
      String actor,
      String address,
      String entity,
      String action,
      String zone,
      String subject,
      String before,
      String after) {
    this.at = at;
    this.actor = actor;
    this.address = address;
    this.entity = entity;
    this.action = action;
    this.zone = zone;
    this.subject = subject;
    this.before = before;
    this.after = after;
  }

  public Long getId() {
    return id;
  }

  public LocalDateTime getAt() {
    return at;
  }

  public String getActor() {
    return actor;
  }

  public String getAddress() {
    return address;
  }

  public String getEntity() {
    return entity;
  }

  public String getAction() {
    return action;
  }

  public String getZone() {
    return zone;
  }

  public String getSubject() {
    return subject;
  }

  public String getBefore() {
    return before;
  }

  public String getAfter() {
    return after;
  }
}
