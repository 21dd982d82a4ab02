package dev.felu.fleet;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One nameserver: a Payara Micro JVM running the RAR and the ns web app, Hazelcast off, DNS on
 * loopback, its HTTP(S) listeners (the management endpoint) on {@link
 * FleetOptions#nsManagementAddress()}. Its link keys come from a keys file the fleet (as the
 * operator) writes and the nameserver only reads ({@code felu.ns.link.keys-file}); with TLS on it
 * serves the config endpoint over HTTPS only, requiring a client certificate from the lab CA.
 */
public final class NameserverProcess implements AutoCloseable, Supervisor.Child {
  private final FleetOptions options;
  private final int index;
  private volatile Process process;
  private volatile boolean stoppedOnPurpose;
  private volatile MicroRuntime runtime;
  private volatile boolean training;

  NameserverProcess(FleetOptions options, int index) {
    this.options = options;
    this.index = index;
  }

  public String name() {
    return "ns" + index;
  }

  /**
   * The keys file this nameserver reads its link keys from (one bootstrap token or keyId:key a
   * line); kept between runs, like an operator's configuration.
   */
  public Path keysFile() {
    return options.secrets().resolve(name() + ".keys");
  }

  /** Replaces the keys file (as an operator would edit it): one bootstrap token a line. */
  public void writeKeys(List<String> tokens) throws IOException {
    Secrets.write(
        keysFile(),
        "# link keys of " + name() + ", one a line\n" + String.join("\n", tokens) + "\n");
  }

  public int httpsPort() {
    return options.nsHttpsPort(index);
  }

  public int dnsPort() {
    return options.dnsPort(index);
  }

  public int httpPort() {
    return options.nsHttpPort(index);
  }

  public String healthUrl() {
    return "http://" + options.nsManagementAddress() + ":" + httpPort() + "/health/ready";
  }

  /** {@code wss://…:httpsPort/ns/config} with TLS, {@code ws://…:httpPort/ns/config} without. */
  public String configUrl() {
    return options.tls()
        ? "wss://" + options.nsManagementAddress() + ":" + httpsPort() + "/ns/config"
        : "ws://" + options.nsManagementAddress() + ":" + httpPort() + "/ns/config";
  }

  public java.util.Optional<Long> pid() {
    return process != null && process.isAlive()
        ? java.util.Optional.of(process.pid())
        : java.util.Optional.empty();
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  @Override
  public java.util.Optional<ProcessHandle> process() {
    Process p = process;
    return p == null ? java.util.Optional.empty() : java.util.Optional.of(p.toHandle());
  }

  @Override
  public java.util.OptionalInt exitCode() {
    Process p = process;
    return p == null || p.isAlive()
        ? java.util.OptionalInt.empty()
        : java.util.OptionalInt.of(p.exitValue());
  }

  @Override
  public boolean stoppedOnPurpose() {
    return stoppedOnPurpose;
  }

  @Override
  public void restart() throws Exception {
    start();
  }

  /** Starts the JVM and waits until the ns app is deployed (its readiness check answers). */
  public void start() throws Exception {
    stoppedOnPurpose = false;
    Path root = options.run().resolve(name());
    // a nameserver keeps nothing between runs: Payara Micro's runtime folder starts empty, or the
    // archives deployed by the previous run would be deployed a second time beside the new ones
    if (Files.exists(root.resolve("micro"))) {
      Processes.deleteTree(root.resolve("micro"));
    }
    Files.createDirectories(root);
    Path preboot = root.resolve("preboot.asadmin");
    String listeners = "set configs.config.server-config.network-config.network-listeners.";
    StringBuilder commands = new StringBuilder();
    commands
        .append(listeners)
        .append("network-listener.http-listener.address=")
        .append(options.nsManagementAddress())
        .append('\n');
    if (options.tls()) {
      commands
          .append(listeners)
          .append("network-listener.https-listener.address=")
          .append(options.nsManagementAddress())
          .append('\n')
          // mTLS: the handshake fails without a client certificate from the truststore's CA
          .append("set configs.config.server-config.network-config.protocols.protocol")
          .append(".https-listener.ssl.client-auth-enabled=true\n");
    }
    commands.append("set configs.config.server-config.hazelcast-config-specific-configuration");
    commands.append(".enabled=false\n");
    // no Server header (it names Payara Micro and its version); X-Powered-By off explicitly too
    for (String protocol : List.of("http-listener", "https-listener")) {
      String http =
          "set configs.config.server-config.network-config.protocols.protocol."
              + protocol
              + ".http.";
      commands.append(http).append("server-header=false\n");
      commands.append(http).append("xpowered-by=false\n");
    }
    Files.writeString(preboot, commands.toString());
    Files.createDirectories(keysFile().getParent());
    if (!Files.exists(keysFile())) {
      Files.writeString(keysFile(), "# link keys of " + name() + ", one a line\n");
    }
    Path jvm = Path.of(System.getProperty("java.home"), "bin", "java");
    runtime =
        MicroRuntime.prepare(
            options.dist(),
            options.microRuntime(),
            jvm,
            options.logs().resolve("micro-runtime.log"));
    runtime.seed(root.resolve("micro"));
    training = runtime.needsTraining();
    List<String> cmd = new ArrayList<>();
    cmd.add(jvm.toString());
    // out of memory: end (exit code 3) with a heap dump, for a supervisor to restart it
    cmd.addAll(options.heap().nameserverOptions());
    options.heap().makeRoomForDump();
    // Payara Micro from the fleet's shared runtime, its classes mapped from the CDS archive (or
    // this run writes it when stopped)
    cmd.addAll(runtime.jvmArguments(name()));
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
    if (options.tls()) {
      // the server key and the CA it trusts for client certificates, as JVM-wide system
      // properties (Payara Micro's https-listener falls back to them); from a file, so the
      // password is not on the command line
      LabPki pki = new LabPki(options.pki());
      Path tls = root.resolve("tls.properties");
      Files.deleteIfExists(tls);
      Files.createFile(
          tls,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      Properties p = new Properties();
      p.setProperty("javax.net.ssl.keyStore", pki.serverKeystore(name()).toString());
      p.setProperty("javax.net.ssl.keyStorePassword", pki.password());
      p.setProperty("javax.net.ssl.keyStoreType", "PKCS12");
      p.setProperty("javax.net.ssl.trustStore", pki.truststore().toString());
      p.setProperty("javax.net.ssl.trustStorePassword", pki.password());
      p.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
      try (var out = Files.newOutputStream(tls)) {
        p.store(out, "TLS of " + name() + " (lab PKI)");
      }
      int deploy = cmd.indexOf("--deploy");
      cmd.addAll(
          deploy,
          List.of(
              "--sslport",
              Integer.toString(httpsPort()),
              "--sslcert",
              name(),
              "--systemProperties",
              tls.toString()));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Files.createDirectories(options.logs());
    // appended to: after a restart the log still shows why the previous JVM ended
    pb.redirectOutput(
        ProcessBuilder.Redirect.appendTo(options.logs().resolve(name() + ".log").toFile()));
    pb.environment().put("FELU_NS_DNS_ADDRESS", FleetOptions.HOST);
    pb.environment().put("FELU_NS_DNS_PORT", Integer.toString(dnsPort()));
    pb.environment().put("FELU_NS_NAME", name());
    pb.environment().put("FELU_NS_LINK_KEYS_FILE", keysFile().toString());
    pb.environment().put("FELU_NS_LINK_REQUIRE_TLS", Boolean.toString(options.tls()));
    process = pb.start();
    Processes.writePid(options.run().resolve(name() + ".pid"), process.pid());
    Await.until(
        name() + " to deploy (" + options.logs().resolve(name() + ".log") + ")",
        Duration.ofMinutes(10), // Payara Micro took 308 s on 2 cores at load average 24
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
    Process process = this.process;
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Stops the JVM (SIGTERM, then SIGKILL after 30 s; 2 min when the run is writing the class data
   * sharing archive on its way out, which is kept when it ended as stopped).
   */
  @Override
  public void close() throws InterruptedException, IOException {
    stoppedOnPurpose = true;
    Process process = this.process;
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(training ? 120 : 30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
    if (training && process != null && !process.isAlive()) {
      runtime.keepTrainingArchive(name(), process.exitValue());
      training = false;
    }
    Files.deleteIfExists(options.run().resolve(name() + ".pid"));
  }
}
