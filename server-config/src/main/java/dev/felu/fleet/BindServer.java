package dev.felu.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * BIND 9 ({@code /usr/sbin/named}, Debian's {@code bind9}) as the primary felu's UPDATE endpoint is
 * measured against: one zone from a file written here, one hmac-sha256 TSIG key with an {@code
 * update-policy} that lets it change the zone's TXT records (as felu's key policy in {@link
 * UpdateBench}), in the foreground ({@code -g}) on 127.0.0.1 only, no recursion, no NOTIFY, its
 * journal and log in its home. As {@code NsupdateTest} in felu-ejb sets it up. Stopped by {@link
 * #close} and, should the bench be interrupted, by a shutdown hook.
 */
final class BindServer implements AutoCloseable {
  static final Path NAMED = Path.of("/usr/sbin/named");

  private final Path home;
  private final int port;
  private Process process;
  private Thread hook;

  /**
   * @param home a folder of its own (named.conf, the zone file and its journal, named.log)
   */
  BindServer(Path home, int port) {
    this.home = home;
    this.port = port;
  }

  static boolean installed() {
    return Files.isExecutable(NAMED);
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /**
   * named.conf: a primary of {@code zone} read from {@code zoneFile}, the key, and {@code grant
   * <key> subdomain <zone> TXT} (the key may change TXT records at and below the apex, nothing
   * else).
   */
  static String config(Path dir, int port, String zone, Path zoneFile, String key, String secret) {
    if (!zone.endsWith(".") || !key.endsWith(".") || secret.isBlank()) {
      throw new IllegalArgumentException("absolute zone and key names and a secret are needed");
    }
    String keyName = key.substring(0, key.length() - 1); // named.conf names them without the dot
    String zoneName = zone.substring(0, zone.length() - 1);
    return "options {\n"
        + "  directory \""
        + dir
        + "\";\n"
        + "  pid-file \""
        + dir.resolve("named.pid")
        + "\";\n"
        + "  session-keyfile \""
        + dir.resolve("session.key")
        + "\";\n"
        + "  listen-on port "
        + port
        + " { 127.0.0.1; };\n"
        + "  listen-on-v6 { none; };\n"
        + "  recursion no;\n"
        + "  notify no;\n"
        + "  dnssec-validation no;\n"
        + "};\n"
        + "controls { };\n"
        + "key \""
        + keyName
        + "\" {\n  algorithm hmac-sha256;\n  secret \""
        + secret
        + "\";\n};\n"
        + "zone \""
        + zoneName
        + "\" {\n  type primary;\n  file \""
        + zoneFile
        + "\";\n  update-policy {\n    grant "
        + keyName
        + " subdomain "
        + zone
        + " TXT;\n  };\n};\n";
  }

  /**
   * Writes the configuration, starts named and returns once it answers the SOA of {@code zone} with
   * NOERROR.
   */
  void start(String zone, Path zoneFile, String key, String secret) throws Exception {
    Path dir = home.toAbsolutePath();
    Files.createDirectories(dir);
    Path conf = dir.resolve("named.conf");
    Files.writeString(conf, config(dir, port, zone, zoneFile, key, secret));
    Path log = dir.resolve("named.log");
    process =
        new ProcessBuilder(NAMED.toString(), "-g", "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Process started = process;
    hook = new Thread(started::destroyForcibly, "stop named");
    Runtime.getRuntime().addShutdownHook(hook);
    Name apex = Name.fromString(zone);
    Await.until(
        "named to serve " + zone + " on port " + port + " (" + log + ")",
        Duration.ofMinutes(1),
        () -> {
          if (!started.isAlive()) {
            throw new Await.Abort("named exited with " + started.exitValue() + "; see " + log);
          }
          return KnotServer.answers(port, apex) == Rcode.NOERROR;
        });
  }

  /** What named logged so far. */
  String log() throws IOException {
    Path log = home.resolve("named.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** Stops named (SIGTERM, then SIGKILL after 30 s). */
  @Override
  public void close() throws InterruptedException {
    Processes.stop(process, hook);
    hook = null;
  }
}
