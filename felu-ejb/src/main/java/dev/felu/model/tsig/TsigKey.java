package dev.felu.model.tsig;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A TSIG key: its name (a DNS name, absolute, lower case — the name both peers configure), its HMAC
 * algorithm, its secret sealed under the link master key, and the zones it may transfer.
 */
@Entity
@Table(name = "tsig_key")
@NamedQuery(name = TsigKey.ALL, query = "SELECT k FROM TsigKey k ORDER BY k.name")
@NamedQuery(name = TsigKey.BY_NAME, query = "SELECT k FROM TsigKey k WHERE k.name = :name")
@NamedQuery(name = TsigKey.COUNT, query = "SELECT COUNT(k) FROM TsigKey k")
public class TsigKey {
  public static final String ALL = "TsigKey.all";
  public static final String BY_NAME = "TsigKey.byName";
  public static final String COUNT = "TsigKey.count";

  @Id
  @SequenceGenerator(name = "tsig_key_seq", sequenceName = "tsig_key_seq", allocationSize = 1)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "tsig_key_seq")
  private Long id;

  @Column(nullable = false, unique = true, length = 255)
  private String name;

  /** The algorithm's DNS name, e.g. {@code hmac-sha256.}. */
  @Column(nullable = false, length = 32)
  private String algorithm;

  /** The secret, sealed (AES-256-GCM, associated data {@link #sealingContext()}). */
  @Column(nullable = false)
  private byte[] sealed;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "tsig_key_zone", joinColumns = @JoinColumn(name = "key_id"))
  @Column(name = "zone", nullable = false, length = 255)
  private Set<String> zones = new TreeSet<>();

  /** UTC, as are the other times. */
  @Column(nullable = false)
  private LocalDateTime created;

  private LocalDateTime changed;

  protected TsigKey() {}

  public TsigKey(String name, String algorithm, Set<String> zones) {
    this.name = name;
    this.algorithm = algorithm;
    this.zones.addAll(zones);
    this.created = LocalDateTime.now(ZoneOffset.UTC);
  }

  /** What the sealed secret is bound to: a sealed value copied to another key does not open. */
  public String sealingContext() {
    return sealingContext(name);
  }

  /** {@link #sealingContext()} of the key named {@code name}, for readers of the raw rows. */
  public static String sealingContext(String name) {
    return "tsig-key:" + name;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getAlgorithm() {
    return algorithm;
  }

  public byte[] getSealed() {
    return sealed.clone();
  }

  public void setSealed(byte[] sealed) {
    this.sealed = sealed.clone();
  }

  public Set<String> getZones() {
    return Collections.unmodifiableSet(zones);
  }

  public void setZones(Set<String> zones) {
    this.zones.clear();
    this.zones.addAll(zones);
    this.changed = LocalDateTime.now(ZoneOffset.UTC);
  }

  public LocalDateTime getCreated() {
    return created;
  }

  public LocalDateTime getChanged() {
    return changed;
  }
}
