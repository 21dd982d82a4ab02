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
import jakarta.persistence.Version;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;

/**
 * A local account: a person who logs in to the UI or calls the API with HTTP Basic. The password is
 * kept only as a PBKDF2 hash. An operator's zone grants, when there are any, are the only zones it
 * may see and edit; without grants it may edit every zone.
 */
@Entity
@Table(name = "account")
@NamedQuery(name = Account.ALL, query = "SELECT a FROM Account a ORDER BY a.username")
@NamedQuery(
    name = Account.BY_USERNAME,
    query = "SELECT a FROM Account a WHERE a.username = :username")
@NamedQuery(name = Account.COUNT, query = "SELECT COUNT(a) FROM Account a")
public class Account {
  public static final String ALL = "Account.all";
  public static final String BY_USERNAME = "Account.byUsername";
  public static final String COUNT = "Account.count";

  @Id
  @SequenceGenerator(name = "account_seq", sequenceName = "account_seq", allocationSize = 1)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "account_seq")
  private Long id;

  @Column(nullable = false, unique = true, length = 64)
  private String username;

  @Column(name = "password_hash", length = 255)
  private String passwordHash;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private Role role;

  @Column(nullable = false)
  private boolean enabled = true;

  /** UTC. */
  @Column(nullable = false)
  private LocalDateTime created;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "account_zone", joinColumns = @JoinColumn(name = "account_id"))
  @Column(name = "zone", nullable = false, length = 255)
  private Set<String> zones = new TreeSet<>();

  @Version private long version;

  protected Account() {}

  public Account(String username, String passwordHash, Role role) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.role = role;
    this.created = LocalDateTime.now(ZoneOffset.UTC);
  }

  public Long getId() {
    return id;
  }

  public String getUsername() {
    return username;
  }

  public String getPasswordHash() {
    return passwordHash;
  }

  public void setPasswordHash(String passwordHash) {
    this.passwordHash = passwordHash;
  }

  public Role getRole() {
    return role;
  }

  public void setRole(Role role) {
    this.role = role;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public LocalDateTime getCreated() {
    return created;
  }

  /** Absolute zone names (with the trailing dot); empty means every zone. */
  public Set<String> getZones() {
    return zones;
  }

  public void setZones(Set<String> zones) {
    this.zones.clear();
    this.zones.addAll(zones);
  }

  public long getVersion() {
    return version;
  }
}
