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
 * kept only as a PBKDF2 hash. An operator or viewer sees and edits the zones it is granted, or
 * every zone when {@link #isAllZones()} says so; no grants and not all zones means no zone at all
 * (an account never gains zones by losing its last grant). Admins always reach every zone.
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

  /** Every zone, present and future, instead of the grants in {@link #zones}. */
  @Column(name = "all_zones", nullable = false)
  private boolean allZones;

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

  /** Absolute zone names (with the trailing dot) granted; see {@link #isAllZones()}. */
  public Set<String> getZones() {
    return zones;
  }

  public void setZones(Set<String> zones) {
    this.zones.clear();
    this.zones.addAll(zones);
  }

  /** Whether the account reaches every zone (always, for an admin), whatever its grants. */
  public boolean isAllZones() {
    return allZones || role == Role.ADMIN;
  }

  public void setAllZones(boolean allZones) {
    this.allZones = allZones;
  }

  public long getVersion() {
    return version;
  }
}
