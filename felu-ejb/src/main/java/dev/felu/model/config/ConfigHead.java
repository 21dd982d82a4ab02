package dev.felu.model.config;

import dev.felu.protocol.ConfigHash;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The single row that names the newest revision. Every change locks it first, so revisions are
 * handed out one at a time and a snapshot read under a share lock sees one consistent revision.
 */
@Entity
@Table(name = "config_head")
public class ConfigHead {
  public static final long ID = 1;

  @Id private long id = ID;

  @Column(nullable = false)
  private long revision;

  @Column(nullable = false, length = 64)
  private String hash = ConfigHash.EMPTY.hex();

  public long getRevision() {
    return revision;
  }

  public ConfigHash hash() {
    return ConfigHash.fromHex(hash);
  }

  /** Moves to the next revision with the given hash and returns the new revision number. */
  public long advance(ConfigHash newHash) {
    revision++;
    hash = newHash.hex();
    return revision;
  }
}
