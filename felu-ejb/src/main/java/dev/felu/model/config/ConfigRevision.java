package dev.felu.model.config;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

/**
 * The revision log: when each revision was made, its hash, what changed, and which zones it changed
 * ({@code config_revision_zone}), so that a nameserver at revision r can be sent just the zones
 * changed after r. Old rows are compacted away ({@code felu.config.revision-retention}).
 */
@Entity
@Table(name = "config_revision")
public class ConfigRevision {
  @Id private long revision;

  /** Absolute lower-case names of the zones this revision created, changed or deleted. */
  @ElementCollection
  @CollectionTable(
      name = "config_revision_zone",
      joinColumns = @JoinColumn(name = "revision"),
      indexes = @Index(name = "config_revision_zone_revision", columnList = "revision"))
  @Column(name = "zone_name", nullable = false, length = 255)
  private Set<String> changedZones = new HashSet<>();

  @Column(nullable = false, length = 64)
  private String hash;

  @Column(nullable = false)
  private LocalDateTime createdAt;

  @Column(nullable = false, length = 1000)
  private String summary;

  protected ConfigRevision() {}

  public ConfigRevision(long revision, String hash, String summary, Set<String> changedZones) {
    this.revision = revision;
    this.changedZones = new HashSet<>(changedZones);
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

  public Set<String> getChangedZones() {
    return changedZones;
  }

  public String getSummary() {
    return summary;
  }
}
