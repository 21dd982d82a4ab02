package dev.felu.model.nameserver;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * One link key of a nameserver, as the management server keeps it: its id in the clear, its
 * material sealed with AES-GCM under the master key ({@code dev.felu.link.KeySealer}), and where it
 * stands in a rotation. A nameserver has one ACTIVE key and, during a rotation, one PENDING key;
 * once the nameserver accepts the pending key it becomes ACTIVE and the old one RETIRED, its
 * material erased.
 */
@Entity
@Table(name = "nameserver_key")
@NamedQuery(
    name = NameserverKey.OF,
    query = "SELECT k FROM NameserverKey k WHERE k.nameserver = :nameserver ORDER BY k.id")
public class NameserverKey {
  public static final String OF = "NameserverKey.of";

  /** Where a key stands in its nameserver's rotation. */
  public enum State {
    /** Issued, not yet seen accepted by the nameserver; tried first at each handshake. */
    PENDING,
    /** The key the link uses. */
    ACTIVE,
    /** Replaced; its material is erased, only the record remains. */
    RETIRED
  }

  @Id
  @SequenceGenerator(
      name = "nameserver_key_seq",
      sequenceName = "nameserver_key_seq",
      allocationSize = 1)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "nameserver_key_seq")
  private Long id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "nameserver_id", nullable = false)
  private Nameserver nameserver;

  @Column(nullable = false, unique = true, length = 64)
  private String keyId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private State state;

  /** {@code KeySealer} output; null once retired. */
  @Column(length = 200)
  private byte[] sealed;

  @Column(nullable = false)
  private LocalDateTime created;

  private LocalDateTime changed;

  protected NameserverKey() {}

  public NameserverKey(Nameserver nameserver, String keyId, State state, byte[] sealed) {
    this.nameserver = nameserver;
    this.keyId = keyId;
    this.state = state;
    this.sealed = sealed.clone();
    this.created = LocalDateTime.now(ZoneOffset.UTC);
  }

  /** The associated data a key's material is sealed with: binds the ciphertext to this row. */
  public static String sealingContext(String nameserver, String keyId) {
    return "felu-link-key\n" + nameserver + "\n" + keyId;
  }

  public Long getId() {
    return id;
  }

  public Nameserver getNameserver() {
    return nameserver;
  }

  public String getKeyId() {
    return keyId;
  }

  public State getState() {
    return state;
  }

  public byte[] getSealed() {
    return sealed == null ? null : sealed.clone();
  }

  public LocalDateTime getCreated() {
    return created;
  }

  public LocalDateTime getChanged() {
    return changed;
  }

  public void activate() {
    state = State.ACTIVE;
    changed = LocalDateTime.now(ZoneOffset.UTC);
  }

  /** Retires the key and erases its material. */
  public void retire() {
    state = State.RETIRED;
    sealed = null;
    changed = LocalDateTime.now(ZoneOffset.UTC);
  }
}
