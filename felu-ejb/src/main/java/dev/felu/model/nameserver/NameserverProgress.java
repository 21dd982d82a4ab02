package dev.felu.model.nameserver;

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
 * One step of a nameserver's progress: it was seen holding {@code revision} with the hash recorded
 * for that revision at {@code reachedAt} (UTC). One row per revision a nameserver reaches, written
 * once per applied transfer; compacted together with the revision log.
 */
@Entity
@Table(
    name = "nameserver_progress",
    indexes = @Index(name = "nameserver_progress_ns_rev", columnList = "nameserver, revision"))
public class NameserverProgress {
  @Id
  @SequenceGenerator(
      name = "nameserver_progress_seq",
      sequenceName = "nameserver_progress_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "nameserver_progress_seq")
  private Long id;

  @Column(nullable = false, length = 63)
  private String nameserver;

  @Column(nullable = false)
  private long revision;

  @Column(nullable = false)
  private LocalDateTime reachedAt;

  protected NameserverProgress() {}

  public NameserverProgress(String nameserver, long revision, LocalDateTime reachedAt) {
    this.nameserver = nameserver;
    this.revision = revision;
    this.reachedAt = reachedAt;
  }

  public String getNameserver() {
    return nameserver;
  }

  public long getRevision() {
    return revision;
  }

  public LocalDateTime getReachedAt() {
    return reachedAt;
  }
}
