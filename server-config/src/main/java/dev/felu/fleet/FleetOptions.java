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
 * @param nsHttpBasePort HTTP (config endpoint, health) port of ns1; nsI gets + I - 1
 */
public record FleetOptions(
    Path home,
    Path dist,
    int portBase,
    int dbPort,
    int nameservers,
    int dnsBasePort,
    int nsHttpBasePort) {

  public static final String HOST = "127.0.0.1";

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

  public Path payaraHome() {
    return dist.resolve("payara6");
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
