package dev.felu.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real secondary of a felu zone on loopback, from its Debian package: Knot ({@code knotd}), BIND
 * ({@code named}) or NSD ({@code nsd}), configured as an operator would (README "Adding a
 * third-party secondary"): the felu nameserver as its primary with a TSIG key, NOTIFY accepted from
 * it with that key, and transfers out allowed to 127.0.0.1 so that a test can compare its copy of
 * the zone. Runs in the foreground in its own directory, logging to {@code server.log} there;
 * stopped by {@link #close}.
 */
final class SecondaryServer implements AutoCloseable {
  /** Which secondary. */
  enum Kind {
    KNOT("/usr/sbin/knotd"),
    BIND("/usr/sbin/named"),
    NSD("/usr/sbin/nsd");

    final Path binary;

    Kind(String binary) {
      this.binary = Path.of(binary);
    }

    boolean installed() {
      return Files.isExecutable(binary);
    }
  }

  final Kind kind;
  final Path home;
  final int port;
  private final Process process;

  private SecondaryServer(Kind kind, Path home, int port, Process process) {
    this.kind = kind;
    this.home = home;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts a secondary of {@code zone} in {@code home} (emptied first) on a free loopback port,
   * transferring from 127.0.0.1:{@code primaryPort} with the hmac-sha256 key {@code keyName}.
   */
  static SecondaryServer start(
      Kind kind, Path home, String zone, int primaryPort, String keyName, String secret)
      throws IOException {
    if (Files.exists(home)) {
      Processes.deleteTree(home);
    }
    Files.createDirectories(home);
    Path dir = home.toAbsolutePath();
    int port = KnotServer.freePort(27200 + kind.ordinal() * 100);
    String key = keyName.endsWith(".") ? keyName.substring(0, keyName.length() - 1) : keyName;
    List<String> command;
    switch (kind) {
      case KNOT -> {
        Files.writeString(
            dir.resolve("knot.conf"),
            KnotServer.secondaryConfig(
                dir, dir, port, zone, primaryPort, new KnotServer.Key(keyName, secret)));
        command = List.of(kind.binary.toString(), "-c", dir.resolve("knot.conf").toString());
      }
      case BIND -> {
        Files.writeString(
            dir.resolve("named.conf"),
            "options {\n  directory \""
                + dir
                + "\";\n  pid-file \""
                + dir
                + "/named.pid\";\n  session-keyfile \""
                + dir
                + "/session.key\";\n  listen-on port "
                + port
                + " { 127.0.0.1; };\n  listen-on-v6 { none; };\n  recursion no;\n"
                + "  allow-transfer { 127.0.0.1; };\n  notify no;\n  dnssec-validation no;\n};\n"
                + "controls { };\n"
                + "key \""
                + key
                + "\" {\n  algorithm hmac-sha256;\n  secret \""
                + secret
                + "\";\n};\n"
                + "zone \""
                + zone
                + "\" {\n  type secondary;\n  primaries port "
                + primaryPort
                + " { 127.0.0.1 key \""
                + key
                + "\"; };\n  file \""
                + dir
                + "/secondary.db\";\n  allow-notify { key \""
                + key
                + "\"; };\n};\n");
        command =
            List.of(
                kind.binary.toString(),
                "-g",
                "-d",
                "1",
                "-c",
                dir.resolve("named.conf").toString());
      }
      case NSD -> {
        Files.writeString(
            dir.resolve("nsd.conf"),
            "server:\n  ip-address: 127.0.0.1\n  port: "
                + port
                + "\n  username: \"\"\n  chroot: \"\"\n  zonesdir: \""
                + dir
                + "\"\n  database: \"\"\n  zonelistfile: \""
                + dir
                + "/zone.list\"\n  xfrdfile: \""
                + dir
                + "/xfrd.state\"\n  xfrdir: \""
                + dir
                + "\"\n  pidfile: \""
                + dir
                + "/nsd.pid\"\n  verbosity: 2\n  do-ip6: no\n"
                + "remote-control:\n  control-enable: no\n"
                + "key:\n  name: \""
                + key
                + "\"\n  algorithm: hmac-sha256\n  secret: \""
                + secret
                + "\"\n"
                + "zone:\n  name: \""
                + zone
                + "\"\n  zonefile: \"secondary.zone\"\n  request-xfr: 127.0.0.1@"
                + primaryPort
                + " "
                + key
                + "\n  allow-notify: 127.0.0.1 "
                + key
                + "\n  provide-xfr: 127.0.0.1 NOKEY\n");
        command = List.of(kind.binary.toString(), "-d", "-c", dir.resolve("nsd.conf").toString());
      }
      default -> throw new IllegalArgumentException(kind.toString());
    }
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .start();
    return new SecondaryServer(kind, home, port, p);
  }

  /** What the server logged so far. */
  String log() throws IOException {
    return Files.readString(home.resolve("server.log"));
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
    }
  }
}
