package dev.felu.fleet;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One nameserver: a Payara Micro JVM running the RAR and the ns web app, HTTP and DNS on loopback,
 * Hazelcast off. Its link secret reaches it through the environment, never a file.
 */
public final class NameserverProcess implements AutoCloseable {
  private final FleetOptions options;
  private final int index;
  private final String secret;
  private Process process;

  NameserverProcess(FleetOptions options, int index, String secret) {
    this.options = options;
    this.index = index;
    this.secret = secret;
  }

  public String name() {
    return "ns" + index;
  }

  /** The link secret this nameserver expects from the management server. */
  String secret() {
    return secret;
  }

  public int dnsPort() {
    return options.dnsPort(index);
  }

  public int httpPort() {
    return options.nsHttpPort(index);
  }

  public String healthUrl() {
    return "http://" + FleetOptions.HOST + ":" + httpPort() + "/health/ready";
  }

  public String configUrl() {
    return "ws://" + FleetOptions.HOST + ":" + httpPort() + "/ns/config";
  }

  public java.util.Optional<Long> pid() {
    return process != null && process.isAlive()
        ? java.util.Optional.of(process.pid())
        : java.util.Optional.empty();
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Starts the JVM and waits until the ns app is deployed (its readiness check answers). */
  public void start() throws Exception {
    Path root = options.run().resolve(name());
    // a nameserver keeps nothing between runs: Payara Micro's runtime folder starts empty, or the
    // archives deployed by the previous run would be deployed a second time beside the new ones
    if (Files.exists(root.resolve("micro"))) {
      Fleet.deleteTree(root.resolve("micro"));
    }
    Files.createDirectories(root);
    Path preboot = root.resolve("preboot.asadmin");
    Files.writeString(
        preboot,
        "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address="
            + FleetOptions.HOST
            + "\nset configs.config.server-config.hazelcast-config-specific-configuration.enabled=false\n");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-jar");
    cmd.add(options.dist().resolve("payara-micro.jar").toString());
    cmd.addAll(
        List.of(
            "--nocluster",
            "--name",
            name(),
            "--port",
            Integer.toString(httpPort()),
            "--prebootcommandfile",
            preboot.toString(),
            "--rootdir",
            root.resolve("micro").toString(),
            // order matters: the RAR first, then the web app that looks it up
            "--deploy",
            options.dist().resolve("felu-ns.rar").toString(),
            "--deploy",
            options.dist().resolve("ns.war").toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Files.createDirectories(options.logs());
    pb.redirectOutput(options.logs().resolve(name() + ".log").toFile());
    pb.environment().put("FELU_NS_DNS_ADDRESS", FleetOptions.HOST);
    pb.environment().put("FELU_NS_DNS_PORT", Integer.toString(dnsPort()));
    pb.environment().put("FELU_NS_LINK_SECRET", secret);
    process = pb.start();
    Processes.writePid(options.run().resolve(name() + ".pid"), process.pid());
    Await.until(
        name() + " to deploy (" + options.logs().resolve(name() + ".log") + ")",
        Duration.ofMinutes(5),
        () -> {
          if (!process.isAlive()) {
            throw new Await.Abort(
                name()
                    + " exited with "
                    + process.exitValue()
                    + "; see "
                    + options.logs().resolve(name() + ".log"));
          }
          HttpResponse<String> r = Http.get(healthUrl());
          return r.body().contains("dns-serving");
        });
  }

  /** True when its readiness probe says UP (config applied, DNS answered). */
  public boolean isReady() {
    try {
      return Http.get(healthUrl()).statusCode() == 200;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Kills the JVM at once (SIGKILL), as a crash or an OOM killer would. */
  public void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Stops the JVM (SIGTERM, then SIGKILL after 30 s). */
  @Override
  public void close() throws InterruptedException, IOException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
    Files.deleteIfExists(options.run().resolve(name() + ".pid"));
  }
}
