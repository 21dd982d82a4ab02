package dev.felu.model.config;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The history of revisions: when each was made, its hash, and what changed. */
@Entity
@Table(name = "config_revision")
public class ConfigRevision {
  @Id private long revision;

  @Column(nullable = false, length = 64)
  private String hash;

  @Column(nullable = false)
  private LocalDateTime createdAt;

  @Column(nullable = false, length = 1000)
  private String summary;

  protected ConfigRevision() {}

  public ConfigRevision(long revision, String hash, String summary) {
    this.revision = revision;
    this.hash = hash;
    this.createdAt = LocalDateTime.now(ZoneOffset.UTC);
    this.summary = summary.length() > 1000 ? summary.substring(0, 1000) : summary;
  }

  public long getRevision() {
    return revision;
  }

  public String getHash() {
    return hash;
  }

  public LocalDateTime getCreatedAt() {
    return createdAt;
  }

  public String getSummary() {
    return summary;
  }
}
