package dev.felu.model.nameserver;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A nameserver of the fleet: where its config endpoint listens and where it answers DNS. Its link
 * keys are {@link NameserverKey}s. A disabled nameserver is left alone (no connection, no push),
 * e.g. during maintenance.
 */
@Entity
@Table(name = "nameserver")
@NamedQuery(name = Nameserver.ALL, query = "SELECT n FROM Nameserver n ORDER BY n.name")
@NamedQuery(name = Nameserver.BY_NAME, query = "SELECT n FROM Nameserver n WHERE n.name = :name")
public class Nameserver {
  public static final String ALL = "Nameserver.all";
  public static final String BY_NAME = "Nameserver.byName";

  @Id
  @SequenceGenerator(name = "nameserver_seq", sequenceName = "nameserver_seq", allocationSize = 1)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "nameserver_seq")
  private Long id;

  @Column(nullable = false, unique = true, length = 63)
  private String name;

  @Column(nullable = false, length = 500)
  private String configUrl;

  @Column(nullable = false, length = 255)
  private String dnsHost;

  @Column(nullable = false)
  private int dnsPort;

  @Column(nullable = false)
  private boolean enabled = true;

  @Version private long version;

  protected Nameserver() {}

  public Nameserver(String name, String configUrl, String dnsHost, int dnsPort) {
    this.name = name;
    this.configUrl = configUrl;
    this.dnsHost = dnsHost;
    this.dnsPort = dnsPort;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getConfigUrl() {
    return configUrl;
  }

  public String getDnsHost() {
    return dnsHost;
  }

  public int getDnsPort() {
    return dnsPort;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setConfigUrl(String configUrl) {
    this.configUrl = configUrl;
  }

  public void setDnsHost(String dnsHost) {
    this.dnsHost = dnsHost;
  }

  public void setDnsPort(int dnsPort) {
    this.dnsPort = dnsPort;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public long getVersion() {
    return version;
  }
}
