package dev.felu.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The management server: a Payara Server domain (created on first use, locked to loopback, its
 * admin user protected by a password of the fleet's secrets), a JDBC pool {@code jdbc/felu} on the
 * fleet's PostgreSQL, and the felu EAR deployed on it.
 *
 * <p>Every asadmin call gets the admin password through {@code --passwordfile} (a 0600 file in the
 * fleet's secrets), never as an argument. Secure admin (TLS on the admin listener) stays off: the
 * admin listener binds 127.0.0.1 only, where TLS would hide the traffic from no one who could not
 * already read the password file, while every asadmin call from here would have to trust Payara's
 * self-signed certificate (asadmin keeps such trust in the user's home, shared by every fleet of
 * the user) and the domain would need a second restart on its first start.
 *
 * <p>Clustered ({@link FleetOptions#clustered()}): the domain's own server (the DAS) only
 * administers; a deployment group {@value #GROUP} of instances {@code felu-1 … felu-N} on a node
 * whose files live in the fleet's home ({@value #NODE}) runs the EAR, each instance on its own port
 * base, all of them one Hazelcast data grid with the DAS. They are created on the first start, get
 * the JDBC resource and the EAR through the group, and start side by side.
 */
final class ManagementServer implements AutoCloseable, Supervisor.Child {
  private static final Logger LOG = Logger.getLogger(ManagementServer.class.getName());
  static final String DOMAIN = "felu";
  static final String APP = "felu";

  /** The deployment group of a clustered fleet. */
  static final String GROUP = "felu-dg";

  /** The node the instances run on: this machine, its instance folders under the fleet's home. */
  static final String NODE = "felu-node";

  /** The operator's command file for the JDBC pool, copied onto the class path by the build. */
  static final String JDBC_COMMANDS = "/asadmin/jdbc-postgresql.asadmin";

  /** The domain's admin user (the admin port, asadmin, the REST API under /management). */
  static final String ADMIN_USER = "admin";

  /** The admin user's password, in the fleet's secrets. */
  static final String ADMIN_PASSWORD = "payara-admin-password";

  /** The same password as asadmin reads it ({@code AS_ADMIN_PASSWORD=…}), for --passwordfile. */
  static final String ASADMIN_PASSWORD_FILE = "payara-admin.passwordfile";

  private final FleetOptions options;

  /** Handed to the server JVM through start-domain: the link master key and TLS settings. */
  private final Map<String, String> serverEnv;

  private final Path domains;
  private final Path log;
  private final Path passwordFile;
  private boolean started;

  /** The domain's JVM, as its pid file named it after the last start-domain. */
  private volatile ProcessHandle server;

  private volatile boolean stoppedOnPurpose;
  private int dbPort;

  ManagementServer(FleetOptions options, Map<String, String> serverEnv) {
    this.options = options;
    this.serverEnv = Map.copyOf(serverEnv);
    this.domains = options.home().resolve("domains");
    this.log = options.logs().resolve("asadmin.log");
    this.passwordFile = passwordFile(options);
  }

  /** The domain admin's password (made on the first start, kept in the fleet's secrets, 0600). */
  static String adminPassword(FleetOptions options) throws IOException {
    return Secrets.of(
        options.secrets().resolve(ADMIN_PASSWORD), 24, Base64.getUrlEncoder().withoutPadding());
  }

  /** The password file every asadmin call of the launcher gets; an operator can use it too. */
  static Path passwordFile(FleetOptions options) {
    return options.secrets().resolve(ASADMIN_PASSWORD_FILE);
  }

  @Override
  public String name() {
    return "the management server";
  }

  /**
   * The domain's JVM. It is not the launcher's child (asadmin start-domain starts it and returns),
   * so it is found as Payara's own tools find it (stop-domain, restart-domain): by the pid file the
   * server writes into its config folder; waiting for a handle's exit works for any process.
   */
  @Override
  public java.util.Optional<ProcessHandle> process() {
    return java.util.Optional.ofNullable(server);
  }

  /** Not known: the domain is not the launcher's child. */
  @Override
  public java.util.OptionalInt exitCode() {
    return java.util.OptionalInt.empty();
  }

  @Override
  public boolean stoppedOnPurpose() {
    return stoppedOnPurpose;
  }

  /** Starts the domain again and redeploys (the data is in PostgreSQL). */
  @Override
  public void restart() throws Exception {
    start(dbPort);
  }

  void start(int dbPort) throws Exception {
    this.dbPort = dbPort;
    stoppedOnPurpose = false;
    Files.createDirectories(options.logs());
    Path domain = domains.resolve(DOMAIN);
    if (Files.exists(domain.resolve("config/domain.xml"))
        && !Files.exists(options.secrets().resolve(ADMIN_PASSWORD))) {
      // made by a launcher that created domains without an admin password: the domain holds
      // nothing this start does not set up again (pool, driver, deployment; the data is in
      // PostgreSQL), so it is made afresh with a password
      LOG.info("recreating " + domain + ": it was made without an admin password");
      java.util.Optional<ProcessHandle> running = Processes.alive(domain.resolve("config/pid"));
      if (running.isPresent()) {
        throw new IllegalStateException(
            "the domain in "
                + domain
                + " still runs (pid "
                + running.get().pid()
                + "), left by an earlier launcher: stop it first (felu-demo stop)");
      }
      Processes.deleteTree(domain);
    }
    // AS_ADMIN_PASSWORD=… for create-domain (the new admin's password) and every later call
    Secrets.write(passwordFile, "AS_ADMIN_PASSWORD=" + adminPassword(options) + "\n");
    if (!Files.exists(domain.resolve("config/domain.xml"))) {
      asadminLocal(
          List.of(
              "create-domain",
              "--portbase",
              Integer.toString(options.portBase()),
              "--domaindir",
              domains.toString(),
              DOMAIN),
          300);
      DomainXml.read(domain.resolve("config/domain.xml")).lockToLoopback().write();
    }
    // a run that ended without undeploying (killed launcher) left the EAR registered: disabled
    // here, replaced by the deploy below
    DomainXml xml =
        DomainXml.read(domain.resolve("config/domain.xml"))
            .disableApplication(APP)
            .hideServerIdentity()
            .applyHeapSettings(options.heap());
    if (options.clustered()) {
      xml.applyHeapSettingsToInstances(options.heap())
          .detectFailedMembersQuickly()
          .joinGridAt(gridMembers(options));
    }
    xml.write();
    options.heap().makeRoomForDump();
    // the PostgreSQL driver on the domain's common class path, before the server starts
    Files.createDirectories(domain.resolve("lib"));
    Files.copy(
        options.dist().resolve("postgresql.jar"),
        domain.resolve("lib/postgresql.jar"),
        StandardCopyOption.REPLACE_EXISTING);
    LOG.info("starting Payara Server domain " + domain);
    // the server JVM inherits start-domain's environment: secrets (the link master key, the first
    // admin's password, read by MicroProfile Config as FELU_ADMIN_PASSWORD) stay out of domain.xml
    // and argv
    Map<String, String> env = new java.util.HashMap<>(serverEnv);
    env.put("FELU_ADMIN_PASSWORD", AdminPassword.of(options.home()));
    // read by the pool jdbc-postgresql.asadmin defines, as an operator's server would get them
    env.put(
        "FELU_DB_URL",
        "jdbc:postgresql://" + FleetOptions.HOST + ":" + dbPort + "/" + EmbeddedDatabase.DATABASE);
    env.put("FELU_DB_USER", EmbeddedDatabase.USER);
    env.put("FELU_DB_PASSWORD", "unused"); // trust authentication, but the driver wants one
    asadminLocal(List.of("start-domain", "--domaindir", domains.toString(), DOMAIN), 600, env);
    started = true;
    server =
        Await.until(
            "the domain's pid file " + domain.resolve("config/pid"),
            Duration.ofMinutes(1),
            () -> Processes.alive(domain.resolve("config/pid")).orElse(null));
    Await.until(
        "the admin listener",
        Duration.ofMinutes(5),
        () -> asadmin(List.of("list-applications"), 60));
    ensureDataSource(dbPort);
    if (options.clustered()) {
      ensureCluster();
    }
    LOG.info("deploying the management EAR");
    List<String> deploy =
        new ArrayList<>(List.of("deploy", "--force=true", "--enabled=true", "--name", APP));
    if (options.clustered()) {
      // to the group only: the instances load it when they start
      deploy.addAll(List.of("--target", GROUP));
    }
    deploy.add(options.dist().resolve("felu.ear").toString());
    asadmin(deploy, 600);
    if (options.clustered()) {
      startInstances();
    } else {
      awaitDeployed(options.managementUrl());
    }
  }

  /** Answering at all (401 without the fleet token, 200 with it) means deployed. */
  private static void awaitDeployed(String url) throws Exception {
    Await.until(
        "the management API at " + url,
        Duration.ofMinutes(5),
        () -> {
          int status = Http.get(url + "/api/v1/config").statusCode();
          return status == 200 || status == 401;
        });
  }

  /**
   * The data grid's members: the DAS at its grid port (port base + 49) and each instance at its own
   * ({@code HZ_LISTENER_PORT}, the instance's port base + 59).
   */
  static List<String> gridMembers(FleetOptions options) {
    List<String> members = new ArrayList<>();
    members.add(FleetOptions.HOST + ":" + (options.portBase() + 49));
    for (int k = 1; k <= options.instances(); k++) {
      members.add(FleetOptions.HOST + ":" + (options.instancePortBase(k) + 59));
    }
    return members;
  }

  static String instanceName(int k) {
    return "felu-" + k;
  }

  /** The PID file instance {@code k} keeps in the fleet's home. */
  static Path instancePidFile(FleetOptions options, int k) {
    return nodes(options).resolve(NODE + "/" + instanceName(k) + "/config/pid");
  }

  /**
   * Where the node keeps its instances' files: in the fleet's home, as an absolute path (asadmin
   * would read a relative one from the server's working folder).
   */
  static Path nodes(FleetOptions options) {
    return options.home().toAbsolutePath().resolve("nodes");
  }

  /**
   * The deployment group, its node and instances, and the JDBC resource's reference for the group,
   * each made unless it exists. Each instance gets its own port base and Hazelcast port; its
   * configuration is a copy of the domain's {@code default-config}, which {@link
   * DomainXml#lockToLoopback()} has locked to loopback like the server's own.
   */
  private void ensureCluster() throws Exception {
    if (!asadmin(List.of("list-deployment-groups"), 120).contains(GROUP)) {
      asadmin(List.of("create-deployment-group", GROUP), 120);
    }
    if (!asadmin(List.of("list-nodes"), 120).contains(NODE)) {
      asadmin(
          List.of(
              "create-node-config",
              "--nodehost",
              FleetOptions.HOST,
              "--installdir",
              options.payaraHome().toAbsolutePath().toString(),
              "--nodedir",
              nodes(options).toString(),
              NODE),
          120);
    }
    String instances = asadmin(List.of("list-instances"), 120);
    for (int k = 1; k <= options.instances(); k++) {
      String name = instanceName(k);
      if (instances.lines().noneMatch(l -> l.trim().startsWith(name + " "))) {
        int base = options.instancePortBase(k);
        // its own Hazelcast port, and its own UPDATE port (a JVM system property of the instance,
        // which MicroProfile Config reads before the environment the instances share)
        String properties = "HZ_LISTENER_PORT=" + (base + 59);
        if (options.updatePort() > 0) {
          properties += ":felu.update.port=" + options.instanceUpdatePort(k);
        }
        asadmin(
            List.of(
                "create-instance",
                "--node",
                NODE,
                "--deploymentgroup",
                GROUP,
                "--portbase",
                Integer.toString(base),
                "--systemproperties",
                properties,
                name),
            300);
      }
    }
    if (!asadmin(List.of("list-resource-refs", GROUP), 120).contains("jdbc/felu")) {
      asadmin(List.of("create-resource-ref", "--target", GROUP, "jdbc/felu"), 120);
    }
  }

  /** Starts every instance side by side; each is up when its API answers. */
  private void startInstances() throws Exception {
    java.util.concurrent.ExecutorService parallel =
        java.util.concurrent.Executors.newFixedThreadPool(options.instances());
    try {
      List<java.util.concurrent.Future<?>> started = new ArrayList<>();
      for (int k = 1; k <= options.instances(); k++) {
        int instance = k;
        started.add(
            parallel.submit(
                () -> {
                  startInstance(instance);
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> f : started) {
        f.get();
      }
    } finally {
      parallel.shutdownNow();
    }
  }

  /** Starts instance {@code k} (again) and waits until it serves the API. */
  void startInstance(int k) throws Exception {
    LOG.info("starting instance " + instanceName(k));
    asadmin(List.of("start-instance", instanceName(k)), 600);
    awaitDeployed(options.instanceUrl(k));
  }

  /** Instance {@code k}'s JVM while it runs. */
  java.util.Optional<ProcessHandle> instanceProcess(int k) {
    return Processes.alive(instancePidFile(options, k));
  }

  /**
   * Creates {@code jdbc/felu} with the command file an operator uses
   * (server-config/asadmin/jdbc-postgresql.asadmin): URL, user and password come from the server's
   * environment ({@code FELU_DB_*}, set at start-domain). A pool made by an older launcher, with
   * the port among its properties, gets the port of this run instead.
   */
  private void ensureDataSource(int dbPort) throws Exception {
    String pools = asadmin(List.of("list-jdbc-connection-pools"), 120);
    if (!pools.lines().anyMatch(l -> l.trim().equals("felu-pool"))) {
      Path commands = options.home().resolve("jdbc-postgresql.asadmin");
      try (var in = ManagementServer.class.getResourceAsStream(JDBC_COMMANDS)) {
        if (in == null) {
          throw new IllegalStateException(JDBC_COMMANDS + " is not on the class path");
        }
        Files.copy(in, commands, StandardCopyOption.REPLACE_EXISTING);
      }
      asadmin(List.of("multimode", "--file", commands.toString()), 120);
    } else {
      String properties =
          asadmin(List.of("get", "resources.jdbc-connection-pool.felu-pool.property.*"), 120);
      if (properties.contains("portNumber=")) {
        asadmin(
            List.of(
                "set", "resources.jdbc-connection-pool.felu-pool.property.portNumber=" + dbPort),
            120);
      }
      if (!properties.contains("connectTimeout=")) {
        // a pool made before the deadlines were in jdbc-postgresql.asadmin gets them
        String pool = "resources.jdbc-connection-pool.felu-pool.";
        asadmin(
            List.of(
                "set",
                pool + "max-wait-time-in-millis=10000",
                pool + "property.connectTimeout=5",
                pool + "property.socketTimeout=120"),
            120);
      }
    }
  }

  private String asadminLocal(List<String> args, long timeoutSeconds) throws Exception {
    return asadminLocal(args, timeoutSeconds, Map.of());
  }

  private String asadminLocal(List<String> args, long timeoutSeconds, Map<String, String> env)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(options.payaraHome().resolve("bin/asadmin").toString());
    cmd.add("--user");
    cmd.add(ADMIN_USER);
    cmd.add("--passwordfile");
    cmd.add(passwordFile.toString());
    cmd.addAll(args);
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("AS_JAVA", System.getProperty("java.home"));
    return Processes.run(cmd, log, all, timeoutSeconds);
  }

  private String asadmin(List<String> args, long timeoutSeconds) throws Exception {
    List<String> remote = new ArrayList<>();
    remote.add("--host");
    remote.add(FleetOptions.HOST);
    remote.add("--port");
    remote.add(Integer.toString(options.adminPort()));
    remote.addAll(args);
    return asadminLocal(remote, timeoutSeconds);
  }

  @Override
  public void close() throws Exception {
    stoppedOnPurpose = true;
    // a restart the supervisor gave up half-way may have started the domain all the same
    if (!started && Processes.alive(domains.resolve(DOMAIN + "/config/pid")).isEmpty()) {
      return;
    }
    started = false;
    if (options.clustered()) {
      try {
        asadmin(List.of("stop-deployment-group", GROUP), 300);
      } catch (Exception e) {
        LOG.warning("stopping the instances failed: " + e.getMessage());
      }
    }
    // no undeploy: the next start disables the application in domain.xml before the domain boots
    // and deploys it again (--force), as after a launcher that was killed
    asadminLocal(List.of("stop-domain", "--domaindir", domains.toString(), DOMAIN), 300);
  }
}
