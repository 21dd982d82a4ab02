package dev.felu.fleet;

import java.nio.file.Path;

/**
 * Where the fleet lives and which ports it takes. Management ports follow Payara's port base: HTTP
 * = base + 80, admin = base + 48 (so the default base 8000 puts the UI/API on 8080).
 *
 * @param home working folder: database, Payara domain, logs, PID files
 * @param dist folder with felu.ear, felu-ns.rar, ns.war, payara-micro.jar, postgresql.jar and
 *     payara6/
 * @param portBase Payara Server port base
 * @param dbPort embedded PostgreSQL port
 * @param nameservers how many nameservers (ns1 … nsN)
 * @param dnsBasePort DNS port of ns1; nsI gets dnsBasePort + I - 1
 * @param nsHttpBasePort HTTP port of ns1 (health; the config endpoint too when {@code tls} is off);
 *     nsI gets + I - 1
 * @param nsHttpsBasePort HTTPS port of ns1 (the config endpoint over wss, mTLS); nsI gets + I - 1
 * @param nsManagementAddress the address the nameservers' HTTP(S) listeners bind to (their
 *     management endpoint), independent of where DNS listens ({@link #HOST}); e.g. a VPN address
 * @param tls config links over wss with client certificates from the lab PKI in {@code home/pki};
 *     off, plain ws:// (a lab without TLS)
 * @param heap heap sizes, out-of-memory behaviour and heap dumps of the server JVMs
 * @param updatePort the management server's RFC 2136 UPDATE endpoint (UDP and TCP on {@link
 *     #HOST}); 0 leaves it off
 * @param instances 0: one Payara Server (the domain's own server runs the EAR); 2 or more: a
 *     cluster, a deployment group of that many instances of the domain (instance {@code k} on port
 *     base {@code portBase + 100 k}) behind HAProxy, which then answers at {@link #managementUrl()}
 */
public record FleetOptions(
    Path home,
    Path dist,
    int portBase,
    int dbPort,
    int nameservers,
    int dnsBasePort,
    int nsHttpBasePort,
    int nsHttpsBasePort,
    String nsManagementAddress,
    boolean tls,
    HeapSettings heap,
    int updatePort,
    int instances) {

  public static final String HOST = "127.0.0.1";

  public FleetOptions {
    if (instances == 1 || instances < 0) {
      throw new IllegalArgumentException(
          "a cluster has 2 or more instances (0: a single server), not " + instances);
    }
  }

  /** A fleet with a single management server. */
  public FleetOptions(
      Path home,
      Path dist,
      int portBase,
      int dbPort,
      int nameservers,
      int dnsBasePort,
      int nsHttpBasePort,
      int nsHttpsBasePort,
      String nsManagementAddress,
      boolean tls,
      HeapSettings heap,
      int updatePort) {
    this(
        home,
        dist,
        portBase,
        dbPort,
        nameservers,
        dnsBasePort,
        nsHttpBasePort,
        nsHttpsBasePort,
        nsManagementAddress,
        tls,
        heap,
        updatePort,
        0);
  }

  /** A fleet without the UPDATE endpoint. */
  public FleetOptions(
      Path home,
      Path dist,
      int portBase,
      int dbPort,
      int nameservers,
      int dnsBasePort,
      int nsHttpBasePort,
      int nsHttpsBasePort,
      String nsManagementAddress,
      boolean tls,
      HeapSettings heap) {
    this(
        home,
        dist,
        portBase,
        dbPort,
        nameservers,
        dnsBasePort,
        nsHttpBasePort,
        nsHttpsBasePort,
        nsManagementAddress,
        tls,
        heap,
        0);
  }

  /** The same fleet with the UPDATE endpoint on {@code port} (0: off). */
  public FleetOptions withUpdatePort(int port) {
    return new FleetOptions(
        home,
        dist,
        portBase,
        dbPort,
        nameservers,
        dnsBasePort,
        nsHttpBasePort,
        nsHttpsBasePort,
        nsManagementAddress,
        tls,
        heap,
        port,
        instances);
  }

  /** The same fleet with other heap settings. */
  public FleetOptions withHeap(HeapSettings heap) {
    return new FleetOptions(
        home,
        dist,
        portBase,
        dbPort,
        nameservers,
        dnsBasePort,
        nsHttpBasePort,
        nsHttpsBasePort,
        nsManagementAddress,
        tls,
        heap,
        updatePort,
        instances);
  }

  /** The same fleet with a management cluster of {@code count} instances (0: a single server). */
  public FleetOptions withInstances(int count) {
    return new FleetOptions(
        home,
        dist,
        portBase,
        dbPort,
        nameservers,
        dnsBasePort,
        nsHttpBasePort,
        nsHttpsBasePort,
        nsManagementAddress,
        tls,
        heap,
        updatePort,
        count);
  }

  public boolean clustered() {
    return instances > 0;
  }

  /** Instance {@code k}'s (1 … instances) Payara port base. */
  public int instancePortBase(int k) {
    return portBase + 100 * k;
  }

  /** Instance {@code k}'s HTTP port: the UI, the API and its health checks. */
  public int instanceHttpPort(int k) {
    return instancePortBase(k) + 80;
  }

  /** Instance {@code k}'s URL, bypassing the load balancer. */
  public String instanceUrl(int k) {
    return "http://" + HOST + ":" + instanceHttpPort(k);
  }

  /**
   * Instance {@code k}'s UPDATE endpoint (each instance listens on its own): {@code updatePort + k
   * - 1}.
   */
  public int instanceUpdatePort(int k) {
    return updatePort + k - 1;
  }

  /**
   * Where HAProxy answers in a cluster: the port base + 90 (the domain's own server keeps + 80).
   */
  public int balancerPort() {
    return portBase + 90;
  }

  public int httpPort() {
    return portBase + 80;
  }

  public int adminPort() {
    return portBase + 48;
  }

  public int dnsPort(int ns) {
    return dnsBasePort + ns - 1;
  }

  public int nsHttpPort(int ns) {
    return nsHttpBasePort + ns - 1;
  }

  public int nsHttpsPort(int ns) {
    return nsHttpsBasePort + ns - 1;
  }

  /** The lab PKI (CA, stores) when {@code tls} is on. */
  public Path pki() {
    return home.resolve("pki");
  }

  /** What stands in for an operator's secret store: the link master key, the ns keys files. */
  public Path secrets() {
    return home.resolve("secrets");
  }

  public Path payaraHome() {
    return dist.resolve("payara6");
  }

  /**
   * Payara Micro unpacked once for the nameservers, with their class data sharing archive ({@link
   * MicroRuntime}); kept between runs.
   */
  public Path microRuntime() {
    return home.resolve("micro-runtime");
  }

  public Path run() {
    return home.resolve("run");
  }

  public Path logs() {
    return home.resolve("logs");
  }

  /** Where people and scripts reach the management API and UI: HAProxy in a cluster. */
  public String managementUrl() {
    return "http://" + HOST + ":" + (clustered() ? balancerPort() : httpPort());
  }
}
