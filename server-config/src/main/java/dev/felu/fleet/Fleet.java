package dev.felu.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;

/**
 * A management server and N nameservers on one machine: their processes, started in order
 * (database, then the management server and the nameservers side by side, then {@link
 * Registration}) and stopped in reverse. The command line in front of it is {@link FeluDemo}.
 *
 * <p>The link is secured as an operator would do it: the management server gets a master key
 * (generated once per home folder, handed over in its environment); with TLS on, a lab PKI is made
 * in the home folder and both sides get their stores; each nameserver is registered over REST and
 * the bootstrap token it returns is written to that nameserver's keys file, which the nameserver
 * reads.
 */
public final class Fleet implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Fleet.class.getName());

  /** The launcher's own PID file in {@link FleetOptions#run()}: a fleet runs from this home. */
  static final String PID_FILE = "fleet.pid";

  private final FleetOptions options;
  private final Registration registration;
  private EmbeddedDatabase database;
  private ManagementServer management;
  private LoadBalancer balancer;
  private final List<NameserverProcess> nameservers = new ArrayList<>();
  private final Map<String, String> managementSettings = new LinkedHashMap<>();
  private Supervisor supervisor;

  public Fleet(FleetOptions options) {
    this.options = options;
    this.registration = new Registration(options);
  }

  public FleetOptions options() {
    return options;
  }

  public List<NameserverProcess> nameservers() {
    return nameservers;
  }

  public NameserverProcess nameserver(String name) {
    return nameservers.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * Sets a MicroProfile Config property of the management server (e.g. {@code
   * felu.update.rate-per-key}) before {@link #start}: handed over in its environment ({@code
   * FELU_UPDATE_RATE_PER_KEY}), after the fleet's own settings, so it overrides them.
   */
  public Fleet managementSetting(String property, String value) {
    if (management != null) {
      throw new IllegalStateException("the management server is started already");
    }
    managementSettings.put(environmentName(property), value);
    return this;
  }

  /** MicroProfile Config's environment name of a property: non-alphanumerics → _, upper case. */
  static String environmentName(String property) {
    if (property.isBlank()) {
      throw new IllegalArgumentException("a property needs a name");
    }
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /** PIDs of every server process of the fleet: PostgreSQL, Payara Server, the nameservers. */
  public List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    for (Path file : List.of(databasePidFile(options.home()), domainPidFile(options.home()))) {
      Processes.alive(file).ifPresent(p -> pids.add(p.pid()));
    }
    for (int k = 1; k <= options.instances(); k++) {
      Processes.alive(ManagementServer.instancePidFile(options, k))
          .ifPresent(p -> pids.add(p.pid()));
    }
    for (NameserverProcess ns : nameservers) {
      ns.pid().ifPresent(pids::add);
    }
    return pids;
  }

  /** The PID file PostgreSQL keeps in the fleet's home. */
  static Path databasePidFile(Path home) {
    return home.resolve("pgdata/postmaster.pid");
  }

  /** The PID file the Payara domain keeps in the fleet's home. */
  static Path domainPidFile(Path home) {
    return home.resolve("domains/" + ManagementServer.DOMAIN + "/config/pid");
  }

  public void start() throws Exception {
    Files.createDirectories(options.run());
    Files.createDirectories(options.logs());
    Processes.writePid(options.run().resolve(PID_FILE), ProcessHandle.current().pid());
    LOG.info("starting PostgreSQL on " + FleetOptions.HOST + ":" + options.dbPort());
    database = EmbeddedDatabase.start(options.home().resolve("pgdata"), options.dbPort());
    management = new ManagementServer(options, managementEnvironment());
    for (int i = 1; i <= options.nameservers(); i++) {
      nameservers.add(new NameserverProcess(options, i));
    }
    ExecutorService parallel = Executors.newFixedThreadPool(options.nameservers() + 1);
    try {
      // the management server and the nameservers boot side by side; each takes 10-60 s
      List<Future<?>> started = new ArrayList<>();
      started.add(
          parallel.submit(
              () -> {
                management.start(database.port());
                return null;
              }));
      for (NameserverProcess ns : nameservers) {
        started.add(
            parallel.submit(
                () -> {
                  ns.start();
                  return null;
                }));
      }
      for (Future<?> f : started) {
        f.get();
      }
    } finally {
      parallel.shutdownNow();
    }
    if (options.clustered()) {
      balancer = new LoadBalancer(options);
      balancer.start();
    }
    registration.logIn();
    for (NameserverProcess ns : nameservers) {
      registration.register(ns);
    }
  }

  /**
   * What the management server's JVM gets in its environment: the link master key (a secret of this
   * fleet, made on first use), with TLS on the lab PKI's stores for its client side, the UPDATE
   * endpoint's address and port when it is on, and the settings given by {@link
   * #managementSetting}.
   */
  private Map<String, String> managementEnvironment() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put(
        "FELU_LINK_MASTER_KEY",
        Secrets.of(options.secrets().resolve("link-master-key"), 32, Base64.getEncoder()));
    if (options.tls()) {
      LOG.info("lab PKI in " + options.pki());
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= options.nameservers(); i++) {
        names.add("ns" + i);
      }
      LabPki pki = new LabPki(options.pki()).ensure(names);
      env.put("FELU_LINK_TLS_TRUSTSTORE", pki.truststore().toString());
      env.put("FELU_LINK_TLS_TRUSTSTORE_PASSWORD", pki.password());
      env.put("FELU_LINK_TLS_KEYSTORE", pki.clientKeystore().toString());
      env.put("FELU_LINK_TLS_KEYSTORE_PASSWORD", pki.password());
    }
    if (options.updatePort() > 0) {
      // MicroProfile Config reads felu.update.port from FELU_UPDATE_PORT
      env.put("FELU_UPDATE_ADDRESS", FleetOptions.HOST);
      env.put("FELU_UPDATE_PORT", Integer.toString(options.updatePort()));
      // answer an UPDATE once every nameserver serves it: a client (an ACME CA's validation) may
      // ask a nameserver right after the answer
      env.put("FELU_UPDATE_WAIT_SERVED_SECONDS", "10");
    }
    if (options.clustered()) {
      // HAProxy on 127.0.0.1 appends each client's address to X-Forwarded-For
      env.put("FELU_SECURITY_TRUSTED_PROXIES", FleetOptions.HOST);
    }
    env.putAll(managementSettings);
    return env;
  }

  /** The demo admin's password (made on the first start, kept in the fleet home, mode 0600). */
  public String adminPassword() throws IOException {
    return AdminPassword.of(options.home());
  }

  /**
   * From now on, a server process that ends unexpectedly (out of memory, crash, kill) is reported
   * and started again ({@link Supervisor}); stopping the fleet or one of its processes is not taken
   * for a failure.
   */
  public synchronized void supervise(Supervisor.Policy policy) {
    if (supervisor != null) {
      throw new IllegalStateException("already supervised");
    }
    supervisor = new Supervisor(policy, pid -> options.heap().dumpOf(pid));
    supervisor.watch(management);
    for (NameserverProcess ns : nameservers) {
      supervisor.watch(ns);
    }
  }

  /** The management server's JVM (the Payara domain), while it runs. */
  public Optional<ProcessHandle> managementProcess() {
    return management == null
        ? Optional.empty()
        : management.process().filter(ProcessHandle::isAlive);
  }

  /** The supervisor after {@link #supervise}. */
  Supervisor supervisor() {
    return supervisor;
  }

  /** Cluster instance {@code k}'s JVM, while it runs. */
  public Optional<ProcessHandle> instanceProcess(int k) {
    return management == null ? Optional.empty() : management.instanceProcess(k);
  }

  /**
   * Kills cluster instance {@code k} with SIGKILL (a machine lost, for failover tests) and waits
   * until it is gone; {@link #startInstance} starts it again.
   */
  public void killInstance(int k) throws Exception {
    ProcessHandle instance =
        instanceProcess(k)
            .orElseThrow(() -> new IllegalStateException("instance " + k + " does not run"));
    instance.destroyForcibly();
    instance.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Starts cluster instance {@code k} again; returns once it serves the API. */
  public void startInstance(int k) throws Exception {
    management.startInstance(k);
  }

  /** Stops the management server (undeploy, stop the domain); the nameservers keep serving. */
  public void stopManagement() throws Exception {
    management.close();
  }

  /** Starts the management server again after {@link #stopManagement()}. */
  public void startManagement() throws Exception {
    management.start(database.port());
  }

  /** Stops PostgreSQL (a database outage, for fault tests); {@link #startDatabase} restarts it. */
  public void stopDatabase() throws IOException {
    if (database != null) {
      database.close();
      database = null;
    }
  }

  /** Starts PostgreSQL again on the same data and port after {@link #stopDatabase}. */
  public void startDatabase() throws IOException, java.sql.SQLException {
    if (database == null) {
      database = EmbeddedDatabase.start(options.home().resolve("pgdata"), options.dbPort());
    }
  }

  @Override
  public void close() throws Exception {
    Exception failure = null;
    if (supervisor != null) {
      supervisor.close(); // first: what the fleet stops now is not to be started again
    }
    for (NameserverProcess ns : nameservers) {
      try {
        ns.close();
      } catch (Exception e) {
        failure = e;
      }
    }
    if (balancer != null) {
      try {
        registration.logOut(); // through HAProxy, while it runs
        balancer.close();
      } catch (Exception e) {
        failure = e;
      }
    }
    if (management != null) {
      if (balancer == null) {
        registration.logOut();
      }
      try {
        management.close();
      } catch (Exception e) {
        failure = e;
      }
    }
    if (database != null) {
      try {
        database.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    Files.deleteIfExists(options.run().resolve(PID_FILE));
    if (failure != null) {
      throw failure;
    }
  }
}
