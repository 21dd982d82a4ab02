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
 */
final class ManagementServer implements AutoCloseable, Supervisor.Child {
  private static final Logger LOG = Logger.getLogger(ManagementServer.class.getName());
  static final String DOMAIN = "felu";
  static final String APP = "felu";

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
    DomainXml.read(domain.resolve("config/domain.xml"))
        .disableApplication(APP)
        .hideServerIdentity()
        .applyHeapSettings(options.heap())
        .write();
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
    LOG.info("deploying the management EAR");
    asadmin(
        List.of(
            "deploy",
            "--force=true",
            "--enabled=true",
            "--name",
            APP,
            options.dist().resolve("felu.ear").toString()),
        600);
    Await.until(
        "the management API at " + options.managementUrl(),
        Duration.ofMinutes(5),
        () -> {
          // answering at all (401 without the fleet token, 200 with it) means deployed
          int status = Http.get(options.managementUrl() + "/api/v1/config").statusCode();
          return status == 200 || status == 401;
        });
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
    try {
      // undeploy so that the next start never races an old application while it loads
      asadmin(List.of("undeploy", APP), 300);
    } catch (Exception e) {
      LOG.warning("undeploy failed: " + e.getMessage());
    }
    asadminLocal(List.of("stop-domain", "--domaindir", domains.toString(), DOMAIN), 300);
  }
}
