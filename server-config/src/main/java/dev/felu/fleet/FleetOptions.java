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
    int updatePort) {

  public static final String HOST = "127.0.0.1";

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
        port);
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
        updatePort);
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

  public String managementUrl() {
    return "http://" + HOST + ":" + httpPort();
  }
}
