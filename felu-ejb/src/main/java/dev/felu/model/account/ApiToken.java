package dev.felu.model.account;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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
import java.util.Set;
import java.util.TreeSet;

/**
 * An API token for scripts. Only the SHA-256 of its secret is stored (the secret is 256 random
 * bits, so a fast hash is enough); the secret itself is shown once, when the token is made. A token
 * acts with its role and, when it lists zones, only on those zones.
 */
@Entity
@Table(name = "api_token")
@NamedQuery(name = ApiToken.ALL, query = "SELECT t FROM ApiToken t ORDER BY t.id")
@NamedQuery(
    name = ApiToken.BY_OWNER,
    query = "SELECT t FROM ApiToken t WHERE t.owner = :owner ORDER BY t.id")
@NamedQuery(name = ApiToken.BY_HASH, query = "SELECT t FROM ApiToken t WHERE t.secretHash = :hash")
public class ApiToken {
  public static final String ALL = "ApiToken.all";
  public static final String BY_OWNER = "ApiToken.byOwner";
  public static final String BY_HASH = "ApiToken.byHash";

  @Id
  @SequenceGenerator(name = "api_token_seq", sequenceName = "api_token_seq", allocationSize = 1)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "api_token_seq")
  private Long id;

  @Column(nullable = false, length = 100)
  private String name;

  /** Hex SHA-256 of the whole secret ({@code felu_…}). */
  @Column(name = "secret_hash", nullable = false, unique = true, length = 64)
  private String secretHash;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private Role role;

  /** The account that made it. */
  @Column(nullable = false, length = 64)
  private String owner;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "api_token_zone", joinColumns = @JoinColumn(name = "token_id"))
  @Column(name = "zone", nullable = false, length = 255)
  private Set<String> zones = new TreeSet<>();

  /** UTC, as are the other times. */
  @Column(nullable = false)
  private LocalDateTime created;

  @Column(name = "last_used")
  private LocalDateTime lastUsed;

  private LocalDateTime revoked;

  protected ApiToken() {}

  public ApiToken(String name, String secretHash, Role role, String owner, Set<String> zones) {
    this.name = name;
    this.secretHash = secretHash;
    this.role = role;
    this.owner = owner;
    this.zones.addAll(zones);
    this.created = LocalDateTime.now(ZoneOffset.UTC);
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getSecretHash() {
    return secretHash;
  }

  public Role getRole() {
    return role;
  }

  public String getOwner() {
    return owner;
  }

  public Set<String> getZones() {
    return zones;
  }

  public LocalDateTime getCreated() {
    return created;
  }

  public LocalDateTime getLastUsed() {
    return lastUsed;
  }

  public void setLastUsed(LocalDateTime lastUsed) {
    this.lastUsed = lastUsed;
  }

  public LocalDateTime getRevoked() {
    return revoked;
  }

  public void revoke() {
    if (revoked == null) {
      revoked = LocalDateTime.now(ZoneOffset.UTC);
    }
  }

  public boolean isRevoked() {
    return revoked != null;
  }
}
