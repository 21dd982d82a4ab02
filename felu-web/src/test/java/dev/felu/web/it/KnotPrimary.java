package dev.felu.web.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real Knot DNS primary (Debian's {@code knotd}) on a free loopback port, serving one zone from a
 * file with transfers allowed only to one TSIG key, started and stopped by the test. The test is
 * skipped, with a message, only where Knot is not installed ({@code .ci/run} installs it).
 */
final class KnotPrimary implements AutoCloseable {
  private static final Path KNOTD = Path.of("/usr/sbin/knotd");

  private final Path dir;
  private final int port;
  private final String zone;
  private Process process;

  /**
   * @param keyName, algorithm, secret the TSIG key transfers must be signed with
   */
  KnotPrimary(String zone, String keyName, String algorithm, String secret) throws IOException {
    assumeTrue(
        Files.isExecutable(KNOTD), "zone transfer test skipped: /usr/sbin/knotd is not installed");
    this.zone = zone;
    this.dir = Files.createTempDirectory("knot-primary");
    this.port = EmbeddedPostgresSession.freePort();
    Files.writeString(
        dir.resolve("knot.conf"),
        String.join(
            "\n",
            "server:",
            "  listen: 127.0.0.1@" + port,
            "  rundir: " + dir,
            "database:",
            "  storage: " + dir,
            "control:",
            "  listen: " + dir.resolve("knot.sock"),
            "log:",
            "  - target: stderr",
            "    any: info",
            "key:",
            "  - id: " + keyName,
            "    algorithm: " + algorithm,
            "    secret: " + secret,
            "acl:",
            "  - id: transfer",
            "    key: " + keyName,
            "    action: transfer",
            "template:",
            "  - id: default",
            "    storage: " + dir,
            "    zonefile-sync: -1",
            "    journal-content: none",
            "zone:",
            "  - domain: " + zone,
            "    file: " + dir.resolve("zone.db"),
            "    acl: transfer",
            ""));
  }

  int port() {
    return port;
  }

  /** Serves {@code zoneFile} (restarting Knot on it) and waits until it answers the zone's SOA. */
  void serve(String zoneFile) throws Exception {
    stop();
    Files.writeString(dir.resolve("zone.db"), zoneFile);
    process =
        new ProcessBuilder(KNOTD.toString(), "-c", dir.resolve("knot.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("knot.log").toFile())
            .start();
    SimpleResolver r = new SimpleResolver(InetAddress.getLoopbackAddress());
    r.setPort(port);
    r.setTimeout(Duration.ofMillis(500));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Message q = Message.newQuery(Record.newRecord(Name.fromString(zone), Type.SOA, 1));
    while (true) {
      try {
        Message a = r.send(q);
        if (a.getRcode() == Rcode.NOERROR && a.getSection(1).size() == 1) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "knotd did not serve " + zone + ": " + Files.readString(dir.resolve("knot.log")));
      }
      Thread.sleep(50);
    }
  }

  private void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      process = null;
    }
  }

  @Override
  public void close() throws Exception {
    stop();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
