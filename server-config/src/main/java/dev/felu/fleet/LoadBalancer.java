package dev.felu.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * HAProxy in front of a clustered management tier, as the operator's configuration
 * (server-config/haproxy/felu.cfg) has it: the launcher fills in the frontend address and one
 * server line per instance, checks the file with {@code haproxy -c}, and runs HAProxy in the
 * foreground as its child (stopped with the fleet, and at exit).
 */
final class LoadBalancer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LoadBalancer.class.getName());

  /** The operator's configuration, copied onto the class path by the build. */
  static final String TEMPLATE = "/haproxy/felu.cfg";

  /** Debian's package {@code haproxy}. */
  static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

  private final FleetOptions options;
  private final Path config;
  private Process process;
  private Thread hook;

  LoadBalancer(FleetOptions options) {
    this.options = options;
    this.config = options.home().resolve("haproxy.cfg");
  }

  /** The configuration for {@code options}: the template with its frontend and instances. */
  static String config(FleetOptions options) throws IOException {
    String template;
    try (InputStream in = LoadBalancer.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException(TEMPLATE + " is not on the class path");
      }
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder servers = new StringBuilder();
    for (int k = 1; k <= options.instances(); k++) {
      String name = ManagementServer.instanceName(k);
      servers
          .append("    server ")
          .append(name)
          .append(' ')
          .append(FleetOptions.HOST)
          .append(':')
          .append(options.instanceHttpPort(k))
          .append(" check cookie ")
          .append(name)
          .append('\n');
    }
    return template
        .replace("@BIND@", FleetOptions.HOST + ":" + options.balancerPort())
        .replace("@SERVERS@\n", servers.toString());
  }

  void start() throws Exception {
    if (!Files.isExecutable(HAPROXY)) {
      throw new IllegalStateException(
          HAPROXY + " is missing: a cluster runs behind HAProxy (apt-get install haproxy)");
    }
    Files.writeString(config, config(options));
    Path log = options.logs().resolve("haproxy.log");
    Processes.run(List.of(HAPROXY.toString(), "-c", "-f", config.toString()), log, Map.of(), 30);
    LOG.info("starting HAProxy on " + options.managementUrl());
    process =
        new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Process started = process;
    Processes.writePid(options.run().resolve("haproxy.pid"), started.pid());
    hook = new Thread(started::destroy, "stop HAProxy");
    Runtime.getRuntime().addShutdownHook(hook);
    Await.until(
        "HAProxy answering at " + options.managementUrl(),
        Duration.ofSeconds(30),
        () -> {
          if (!started.isAlive()) {
            throw new Await.Abort("HAProxy ended (exit " + started.exitValue() + "), see " + log);
          }
          int status = Http.get(options.managementUrl() + "/api/v1/config").statusCode();
          return status == 200 || status == 401;
        });
  }

  @Override
  public void close() throws Exception {
    Processes.stop(process, hook);
    process = null;
    Files.deleteIfExists(options.run().resolve("haproxy.pid"));
  }
}
