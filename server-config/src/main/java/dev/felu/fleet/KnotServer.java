package dev.felu.fleet;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Knot DNS (Debian's {@code knot}, {@code /usr/sbin/knotd}) as the peer felu's nameserver is
 * measured against: run in the foreground on loopback with a configuration written here, its run
 * and storage folders in the bench home, the zones read from the files {@link BenchZones} wrote.
 * Stopped by {@link #close} and, should the bench be interrupted (Ctrl-C), by a shutdown hook.
 */
final class KnotServer implements AutoCloseable {
  static final Path KNOTD = Path.of("/usr/sbin/knotd");

  private final Path home;
  private final int port;
  private Process process;
  private Thread hook;

  /**
   * @param home a folder of its own (config, rundir, storage, log)
   */
  KnotServer(Path home, int port) {
    this.home = home;
    this.port = port;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** A TSIG key as Knot's {@code key:} section names it: hmac-sha256, the secret in Base64. */
  record Key(String name, String secret) {
    Key {
      if (!name.endsWith(".") || secret.isBlank()) {
        throw new IllegalArgumentException("a key needs an absolute name and a secret: " + name);
      }
    }
  }

  /**
   * knot.conf: one listener on 127.0.0.1, the zones from {@code zonesDir} ({@link
   * BenchZones#fileName}), no journal and no writing back to the files (felu keeps none either),
   * workers left at Knot's defaults (one UDP and one TCP worker per core).
   */
  static String config(Path rundir, Path storage, Path zonesDir, int port, List<String> zones) {
    StringBuilder c = head(rundir, storage, port);
    template(c, zonesDir, true);
    zones(c, zones, "");
    return c.toString();
  }

  /**
   * {@link #config} of a primary that also lets 127.0.0.1 transfer every zone (AXFR, IXFR): signed
   * with {@code key} when one is given, else unsigned.
   */
  static String primaryConfig(
      Path rundir, Path storage, Path zonesDir, int port, List<String> zones, Key key) {
    StringBuilder c = head(rundir, storage, port);
    if (key != null) {
      key(c, key);
    }
    c.append("acl:\n");
    c.append("  - id: transfer-to-loopback\n");
    c.append("    address: 127.0.0.1\n");
    if (key != null) {
      c.append("    key: ").append(key.name()).append('\n');
    }
    c.append("    action: transfer\n");
    template(c, zonesDir, true);
    zones(c, zones, "    acl: transfer-to-loopback\n");
    return c.toString();
  }

  /**
   * knot.conf of a secondary of {@code zone} as README's "Adding a third-party secondary" sets one
   * up: felu's nameserver on 127.0.0.1:{@code primaryPort} as its primary (master) with the TSIG
   * {@code key}, NOTIFY accepted from it with that key, transfers out allowed to 127.0.0.1 unsigned
   * (so a test can compare its copy); the zone kept in {@code storage} with Knot's default journal
   * (IXFR changes).
   */
  static String secondaryConfig(
      Path rundir, Path storage, int port, String zone, int primaryPort, Key key) {
    StringBuilder c = head(rundir, storage, port);
    key(c, key);
    c.append("remote:\n");
    c.append("  - id: felu\n");
    c.append("    address: 127.0.0.1@").append(primaryPort).append('\n');
    c.append("    key: ").append(key.name()).append('\n');
    c.append("acl:\n");
    c.append("  - id: notify-from-felu\n");
    c.append("    address: 127.0.0.1\n");
    c.append("    key: ").append(key.name()).append('\n');
    c.append("    action: notify\n");
    c.append("  - id: transfer-to-tests\n");
    c.append("    address: 127.0.0.1\n");
    c.append("    action: transfer\n");
    template(c, storage, false);
    zones(c, List.of(zone), "    master: felu\n    acl: [notify-from-felu, transfer-to-tests]\n");
    return c.toString();
  }

  private static StringBuilder head(Path rundir, Path storage, int port) {
    StringBuilder c = new StringBuilder();
    c.append("server:\n");
    c.append("    rundir: \"").append(rundir).append("\"\n");
    c.append("    listen: 127.0.0.1@").append(port).append('\n');
    c.append("log:\n");
    c.append("  - target: stderr\n");
    c.append("    any: info\n");
    c.append("database:\n");
    c.append("    storage: \"").append(storage).append("\"\n");
    return c;
  }

  private static void key(StringBuilder c, Key key) {
    c.append("key:\n");
    c.append("  - id: ").append(key.name()).append('\n');
    c.append("    algorithm: hmac-sha256\n");
    c.append("    secret: ").append(key.secret()).append('\n');
  }

  /** Zone files {@code <zone>.zone} in {@code zonesDir}; read only, without a journal, if asked. */
  private static void template(StringBuilder c, Path zonesDir, boolean readOnly) {
    c.append("template:\n");
    c.append("  - id: default\n");
    c.append("    storage: \"").append(zonesDir).append("\"\n");
    c.append("    file: \"%s.zone\"\n");
    if (readOnly) {
      c.append("    journal-content: none\n");
      c.append("    zonefile-sync: -1\n");
      c.append("    zonefile-load: whole\n");
    }
  }

  private static void zones(StringBuilder c, List<String> zones, String each) {
    if (!zones.isEmpty()) {
      c.append("zone:\n");
      for (String zone : zones) {
        c.append("  - domain: ").append(zone).append('\n').append(each);
      }
    }
  }

  /**
   * Starts knotd serving {@code zones} and returns once it answers on its port (an SOA query of the
   * first zone, or any answer when there is none); the zones may still be loading.
   */
  void start(Path zonesDir, List<String> zones) throws Exception {
    start(
        config(home.resolve("run"), home.resolve("storage"), zonesDir, port, zones),
        zones.isEmpty() ? "perf.test." : zones.get(0));
  }

  /** The run folder for a configuration of one's own ({@link #start(String, String)}). */
  Path rundir() {
    return home.resolve("run");
  }

  /** The storage folder for a configuration of one's own ({@link #start(String, String)}). */
  Path storage() {
    return home.resolve("storage");
  }

  /** What knotd logged so far ({@code knot.log} in its home). */
  String log() throws IOException {
    Path log = home.resolve("knot.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /**
   * Starts knotd with the configuration {@code conf} (listening on {@link #port}, its folders
   * {@link #rundir} and {@link #storage}) and returns once it answers on its port: any answer to an
   * SOA query of {@code probeZone}; the zones may still be loading or transferring.
   */
  void start(String conf, String probeZone) throws Exception {
    Files.createDirectories(rundir());
    Files.createDirectories(storage());
    Path file = home.resolve("knot.conf");
    Files.writeString(file, conf);
    ProcessBuilder pb =
        new ProcessBuilder(KNOTD.toString(), "-c", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("knot.log").toFile()));
    process = pb.start();
    Process started = process;
    hook = new Thread(() -> started.destroyForcibly(), "stop knotd");
    Runtime.getRuntime().addShutdownHook(hook);
    Name probe = Name.fromString(probeZone);
    Await.until(
        "knotd to answer on port " + port + " (" + home.resolve("knot.log") + ")",
        Duration.ofMinutes(2),
        () -> {
          if (!started.isAlive()) {
            throw new Await.Abort(
                "knotd exited with " + started.exitValue() + "; see " + home.resolve("knot.log"));
          }
          return answers(port, probe) >= 0;
        });
  }

  /**
   * Waits until knotd answers the SOA of every zone with NOERROR (it loads zones in the background
   * after it starts answering).
   */
  void awaitZones(List<String> zones, Duration timeout) throws Exception {
    for (String zone : zones) {
      Name name = Name.fromString(zone);
      Await.until("knotd to serve " + zone, timeout, () -> answers(port, name) == Rcode.NOERROR);
    }
  }

  /** The rcode of an SOA query for {@code name} on 127.0.0.1:port, or -1 without an answer. */
  static int answers(int port, Name name) {
    try {
      SimpleResolver r = new SimpleResolver(FleetOptions.HOST);
      r.setPort(port);
      r.setTimeout(Duration.ofMillis(500));
      Message m = r.send(Message.newQuery(Record.newRecord(name, Type.SOA, DClass.IN)));
      return m.getRcode();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The first port from {@code from} on that is free for both UDP and TCP on 127.0.0.1. */
  static int freePort(int from) throws IOException {
    InetAddress loopback = InetAddress.getByName(FleetOptions.HOST);
    for (int p = from; p < from + 200; p++) {
      try (ServerSocket tcp = new ServerSocket();
          DatagramSocket udp = new DatagramSocket(null)) {
        tcp.bind(new InetSocketAddress(loopback, p));
        udp.bind(new InetSocketAddress(loopback, p));
        return p;
      } catch (IOException taken) {
        // next one
      }
    }
    throw new IOException("no free port for knotd in " + from + "…" + (from + 199));
  }

  /**
   * Makes sure knotd and dnsperf are there: installs {@code knot knot-dnsutils dnsperf} with apt
   * when one is missing and this runs as root (with a {@code policy-rc.d} that keeps the package's
   * own service from starting on port 53), else fails saying what to install.
   */
  static void ensureInstalled(Path log) throws IOException, InterruptedException {
    if (Files.isExecutable(KNOTD) && onPath("dnsperf") && onPath("kdig")) {
      return;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root || !onPath("apt-get")) {
      throw new IllegalStateException(
          "the Knot comparison needs knotd ("
              + KNOTD
              + "), kdig and dnsperf: install them with"
              + " `apt-get install -y knot knot-dnsutils dnsperf` (as root), then run again");
    }
    System.out.println("installing knot and dnsperf with apt-get …");
    Path policy = Path.of("/usr/sbin/policy-rc.d");
    boolean ownPolicy = !Files.exists(policy);
    if (ownPolicy) {
      Files.writeString(policy, "#!/bin/sh\nexit 101\n");
      policy.toFile().setExecutable(true);
    }
    try {
      Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
      Processes.run(List.of("apt-get", "update"), log, env, 600);
      Processes.run(
          List.of("apt-get", "install", "-y", "knot", "knot-dnsutils", "dnsperf"), log, env, 1200);
    } finally {
      if (ownPolicy) {
        Files.deleteIfExists(policy);
      }
    }
  }

  static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** Stops knotd (SIGTERM, then SIGKILL after 30 s). */
  @Override
  public void close() throws InterruptedException {
    Processes.stop(process, hook);
    hook = null;
  }
}
