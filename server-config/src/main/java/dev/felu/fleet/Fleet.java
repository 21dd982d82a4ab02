package dev.felu.fleet;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;

/**
 * A management server and N nameservers on one machine, started in order (database, management,
 * nameservers, registration) and stopped in reverse.
 *
 * <p>The link is secured as an operator would do it: the management server gets a master key
 * (generated once per home folder, handed over in its environment); with TLS on, a lab PKI is made
 * in the home folder and both sides get their stores; each nameserver is registered over REST and
 * the bootstrap token it returns is written to that nameserver's keys file, which the nameserver
 * reads.
 */
public final class Fleet implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Fleet.class.getName());

  private final FleetOptions options;
  private EmbeddedDatabase database;
  private ManagementServer management;
  private final List<NameserverProcess> nameservers = new ArrayList<>();
  private String tokenId;
  private Supervisor supervisor;

  public Fleet(FleetOptions options) {
    this.options = options;
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

  /** PIDs of every server process of the fleet: PostgreSQL, Payara Server, the nameservers. */
  public List<Long> pids() throws IOException {
    List<Long> pids = new ArrayList<>();
    for (Path file :
        List.of(
            options.home().resolve("pgdata/postmaster.pid"),
            options.home().resolve("domains/" + ManagementServer.DOMAIN + "/config/pid"))) {
      alive(file).ifPresent(p -> pids.add(p.pid()));
    }
    for (NameserverProcess ns : nameservers) {
      ns.pid().ifPresent(pids::add);
    }
    return pids;
  }

  public void start() throws Exception {
    Files.createDirectories(options.run());
    Files.createDirectories(options.logs());
    Processes.writePid(options.run().resolve("fleet.pid"), ProcessHandle.current().pid());
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= options.nameservers(); i++) {
      names.add("ns" + i);
    }
    Map<String, String> managementEnv = new HashMap<>();
    managementEnv.put("FELU_LINK_MASTER_KEY", secret("link-master-key"));
    if (options.tls()) {
      LOG.info("lab PKI in " + options.pki());
      LabPki pki = new LabPki(options.pki()).ensure(names);
      managementEnv.put("FELU_LINK_TLS_TRUSTSTORE", pki.truststore().toString());
      managementEnv.put("FELU_LINK_TLS_TRUSTSTORE_PASSWORD", pki.password());
      managementEnv.put("FELU_LINK_TLS_KEYSTORE", pki.clientKeystore().toString());
      managementEnv.put("FELU_LINK_TLS_KEYSTORE_PASSWORD", pki.password());
    }
    LOG.info("starting PostgreSQL on " + FleetOptions.HOST + ":" + options.dbPort());
    database = EmbeddedDatabase.start(options.home().resolve("pgdata"), options.dbPort());
    management = new ManagementServer(options, managementEnv);
    ExecutorService parallel = Executors.newFixedThreadPool(options.nameservers() + 1);
    try {
      // the management server and the nameservers boot side by side; each takes 10-60 s
      Future<?> mgmt =
          parallel.submit(
              () -> {
                management.start(database.port());
                return null;
              });
      List<Future<?>> started = new ArrayList<>();
      for (int i = 1; i <= options.nameservers(); i++) {
        NameserverProcess ns = new NameserverProcess(options, i);
        nameservers.add(ns);
        started.add(
            parallel.submit(
                () -> {
                  ns.start();
                  return null;
                }));
      }
      mgmt.get();
      for (Future<?> f : started) {
        f.get();
      }
    } finally {
      parallel.shutdownNow();
    }
    authenticate();
    for (NameserverProcess ns : nameservers) {
      register(ns);
    }
  }

  /** The demo admin's password (made on the first start, kept in the fleet home, mode 0600). */
  public String adminPassword() throws IOException {
    return AdminPassword.of(options.home());
  }

  /**
   * Makes an admin API token for the launcher (with the demo admin's password over HTTP Basic) and
   * lets {@link Http} send it to the management API from now on: one PBKDF2 check per fleet start
   * instead of one per request.
   */
  private void authenticate() throws Exception {
    String api = options.managementUrl() + "/api/v1";
    Http.authorize(api, Http.basic(AdminPassword.USERNAME, adminPassword()));
    HttpResponse<String> r =
        Http.send("POST", api + "/tokens", "{\"name\":\"fleet launcher\",\"role\":\"admin\"}");
    if (r.statusCode() != 201) {
      throw new IOException(
          "could not log in as "
              + AdminPassword.USERNAME
              + " with the password in "
              + AdminPassword.file(options.home())
              + ": "
              + r.statusCode()
              + " "
              + r.body());
    }
    java.util.regex.Matcher secret =
        java.util.regex.Pattern.compile("\"secret\":\"(felu_[A-Za-z0-9_-]+)\"").matcher(r.body());
    java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(r.body());
    if (!secret.find() || !id.find()) {
      throw new IOException("unexpected answer to POST /api/v1/tokens: " + r.body());
    }
    tokenId = id.group(1);
    Http.authorize(api, "Bearer " + secret.group(1));
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

  /** Stops the management server (undeploy, stop the domain); the nameservers keep serving. */
  public void stopManagement() throws Exception {
    management.close();
  }

  /** Starts the management server again after {@link #stopManagement()}. */
  public void startManagement() throws Exception {
    management.start(database.port());
  }

  /**
   * Registers the nameserver and writes the bootstrap token it gets into the nameserver's keys
   * file. A registration from an earlier run is kept when its addresses match and its keys file
   * holds a key; otherwise it is registered afresh.
   */
  private void register(NameserverProcess ns) throws Exception {
    String api = options.managementUrl() + "/api/v1/nameservers";
    HttpResponse<String> existing = Http.get(api + "/" + ns.name());
    boolean hasKey =
        Files.exists(ns.keysFile())
            && Files.readAllLines(ns.keysFile()).stream().anyMatch(l -> l.startsWith("felu1."));
    if (existing.statusCode() == 200
        && !(hasKey
            && existing.body().contains(ns.configUrl())
            && existing.body().contains("\"dnsPort\":" + ns.dnsPort() + ","))) {
      // registered with other addresses or keys by an earlier run: register afresh
      Http.send("DELETE", api + "/" + ns.name(), null);
      existing = Http.get(api + "/" + ns.name());
    }
    HttpResponse<String> r;
    if (existing.statusCode() == 200) {
      r = Http.send("PUT", api + "/" + ns.name(), "{\"enabled\":true}");
    } else {
      r =
          Http.send(
              "POST",
              api,
              "{\"name\":"
                  + Http.json(ns.name())
                  + ",\"configUrl\":"
                  + Http.json(ns.configUrl())
                  + ",\"dnsHost\":\""
                  + FleetOptions.HOST
                  + "\""
                  + ",\"dnsPort\":"
                  + ns.dnsPort()
                  + "}");
      if (r.statusCode() == 201) {
        writeKeys(ns, List.of(bootstrapToken(r.body())));
      }
    }
    if (r.statusCode() >= 300) {
      throw new IOException(
          "registering " + ns.name() + " failed: " + r.statusCode() + " " + r.body());
    }
  }

  /** Replaces the nameserver's keys file (as an operator would edit it): one token a line. */
  public static void writeKeys(NameserverProcess ns, List<String> tokens) throws IOException {
    Secrets.write(
        ns.keysFile(),
        "# link keys of " + ns.name() + ", one a line\n" + String.join("\n", tokens) + "\n");
  }

  /** The {@code bootstrapToken} member of a JSON reply (no JSON library on this class path). */
  public static String bootstrapToken(String json) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"bootstrapToken\"\\s*:\\s*\"(felu1\\.[^\"]+)\"")
            .matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("the reply carries no bootstrap token");
    }
    return m.group(1);
  }

  /** A secret of this fleet kept in {@code home/secrets} (mode 600), made on first use. */
  private String secret(String name) throws IOException {
    return Secrets.of(options.secrets().resolve(name), 32, Base64.getEncoder());
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
    if (management != null && tokenId != null) {
      try {
        // revoke the launcher's token (tokens cannot revoke tokens: the admin password can)
        String api = options.managementUrl() + "/api/v1";
        Http.authorize(api, Http.basic(AdminPassword.USERNAME, adminPassword()));
        Http.send("DELETE", api + "/tokens/" + tokenId, null);
      } catch (IOException e) {
        LOG.warning("could not revoke the launcher's API token: " + e.getMessage());
      }
    }
    if (management != null) {
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
    Files.deleteIfExists(options.run().resolve("fleet.pid"));
    if (failure != null) {
      throw failure;
    }
  }

  // ---- command line ----

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "start" : args[0];
    Map<String, String> flags;
    try {
      flags = flags(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      command = "usage";
      flags = Map.of();
    }
    Path home = Path.of(flags.getOrDefault("home", ".felu-demo")).toAbsolutePath();
    switch (command) {
      case "start" -> {
        try {
          start(home, flags);
        } catch (IllegalArgumentException e) {
          System.err.println(e.getMessage());
          System.exit(2);
        }
      }
      case "stop" -> stop(home);
      default -> {
        System.err.println(
            "usage: felu-demo start|stop [--home DIR] [--port-base 8000] [--db-port 15432]"
                + " [--nameservers 2] [--dns-port 5301] [--ns-http-port 8301]"
                + " [--ns-https-port 8441] [--ns-mgmt-address 127.0.0.1] [--no-tls] [--fresh]"
                + " [--management-heap "
                + HeapSettings.DEFAULT_MANAGEMENT
                + "] [--nameserver-heap "
                + HeapSettings.DEFAULT_NAMESERVER
                + "] [--heap-dumps HOME/dumps] [--kept-heap-dumps "
                + HeapSettings.DEFAULT_KEPT_DUMPS
                + "]");
        System.exit(2);
      }
    }
  }

  private static void start(Path home, Map<String, String> flags) throws Exception {
    Optional<ProcessHandle> running = alive(home.resolve("run/fleet.pid"));
    if (running.isPresent()) {
      System.err.println(
          "a fleet is already running from "
              + home
              + " (pid "
              + running.get().pid()
              + "); stop it first");
      System.exit(1);
    }
    if (flags.containsKey("fresh") && Files.exists(home)) {
      deleteTree(home);
    }
    Path dist =
        Path.of(
            flags.getOrDefault(
                "dist", System.getProperty("felu.fleet.dist", "server-config/target/fleet")));
    FleetOptions options =
        new FleetOptions(
            home,
            dist.toAbsolutePath(),
            intFlag(flags, "port-base", 8000),
            intFlag(flags, "db-port", 15432),
            intFlag(flags, "nameservers", 2),
            intFlag(flags, "dns-port", 5301),
            intFlag(flags, "ns-http-port", 8301),
            intFlag(flags, "ns-https-port", 8441),
            flags.getOrDefault("ns-mgmt-address", FleetOptions.HOST),
            !flags.containsKey("no-tls"),
            new HeapSettings(
                flags.getOrDefault("management-heap", HeapSettings.DEFAULT_MANAGEMENT),
                flags.getOrDefault("nameserver-heap", HeapSettings.DEFAULT_NAMESERVER),
                Path.of(flags.getOrDefault("heap-dumps", home.resolve("dumps").toString()))
                    .toAbsolutePath(),
                intFlag(flags, "kept-heap-dumps", HeapSettings.DEFAULT_KEPT_DUMPS)));

    Fleet fleet = new Fleet(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nstopping the fleet …");
                  try {
                    fleet.close();
                  } catch (Exception e) {
                    System.err.println("stop: " + e.getMessage());
                  }
                  System.out.println("stopped.");
                  stopped.countDown();
                }));
    try {
      fleet.start();
    } catch (Exception e) {
      System.err.println("the fleet did not start: " + e.getMessage());
      System.err.println("logs: " + options.logs());
      System.exit(1);
    }
    fleet.supervise(Supervisor.Policy.DEFAULT);
    printWelcome(fleet);
    stopped.await();
  }

  private static void printWelcome(Fleet fleet) {
    FleetOptions o = fleet.options();
    StringBuilder s = new StringBuilder();
    s.append("\nfelu is running.\n");
    s.append("  admin UI         ").append(o.managementUrl()).append("/\n");
    s.append("  REST API         ").append(o.managementUrl()).append("/api/v1/zones\n");
    s.append("  health           ").append(o.managementUrl()).append("/health\n");
    for (NameserverProcess ns : fleet.nameservers()) {
      s.append("  ")
          .append(ns.name())
          .append("              DNS ")
          .append(FleetOptions.HOST)
          .append(':')
          .append(ns.dnsPort())
          .append(" (UDP+TCP), health ")
          .append(ns.healthUrl())
          .append(", config ")
          .append(ns.configUrl())
          .append('\n');
    }
    s.append("  Payara admin     http://")
        .append(FleetOptions.HOST)
        .append(':')
        .append(o.adminPort())
        .append(" (user ")
        .append(ManagementServer.ADMIN_USER)
        .append(", password in ")
        .append(o.secrets().resolve(ManagementServer.ADMIN_PASSWORD))
        .append("; asadmin --passwordfile ")
        .append(ManagementServer.passwordFile(o))
        .append(")\n");
    s.append("  logs             ").append(o.logs()).append("\n");
    s.append("  heap             management ")
        .append(o.heap().management())
        .append(", each nameserver ")
        .append(o.heap().nameserver())
        .append("; out of memory ends a server, which is restarted; heap dumps in ")
        .append(o.heap().dumps())
        .append("\n");
    try {
      s.append("  log in as        ")
          .append(AdminPassword.USERNAME)
          .append(" / ")
          .append(fleet.adminPassword())
          .append("   (kept in ")
          .append(AdminPassword.file(o.home()))
          .append("; server-config/bin/felu-demo password shows it)\n\n");
    } catch (IOException e) {
      s.append('\n');
    }
    s.append("Try:\n");
    s.append("  curl -s -u admin:\"$(cat ")
        .append(AdminPassword.file(o.home()))
        .append(")\" -X POST -H 'Content-Type: application/json' ")
        .append(o.managementUrl())
        .append("/api/v1/zones \\\n    -d '{\"name\":\"example.test.\",\"records\":[")
        .append("{\"name\":\"@\",\"type\":\"NS\",\"data\":\"ns1.example.test.\"},")
        .append("{\"name\":\"www\",\"type\":\"A\",\"ttl\":300,\"data\":\"192.0.2.10\"}]}'\n");
    s.append("  dig @")
        .append(FleetOptions.HOST)
        .append(" -p ")
        .append(o.dnsPort(1))
        .append(" www.example.test A\n\n");
    s.append("Stop with Ctrl-C, or: server-config/bin/felu-demo stop\n");
    System.out.println(s);
  }

  private static void stop(Path home) throws Exception {
    Path run = home.resolve("run");
    Path pid = run.resolve("fleet.pid");
    Optional<ProcessHandle> launcher = alive(pid);
    if (launcher.isPresent()) {
      launcher.get().destroy(); // SIGTERM: the launcher's shutdown hook stops everything in order
      launcher.get().onExit().join();
      System.out.println("stopped the fleet (pid " + launcher.get().pid() + ")");
    } else {
      System.out.println("no fleet launcher is running from " + home);
    }
    // a launcher killed with SIGKILL leaves its children behind: stop whatever is still recorded
    List<Path> leftovers = new ArrayList<>();
    if (Files.isDirectory(run)) {
      try (var files = Files.list(run)) {
        files.filter(f -> f.getFileName().toString().endsWith(".pid")).forEach(leftovers::add);
      }
    }
    leftovers.add(home.resolve("domains/" + ManagementServer.DOMAIN + "/config/pid"));
    leftovers.add(home.resolve("pgdata/postmaster.pid"));
    for (Path file : leftovers) {
      Optional<ProcessHandle> p = alive(file);
      if (p.isPresent()) {
        System.out.println("stopping leftover process " + p.get().pid() + " (" + file + ")");
        p.get().destroy();
        try {
          p.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          p.get().destroyForcibly();
        }
      }
      if (file.startsWith(run)) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** The process whose PID the file's first line holds, if it still runs. */
  static Optional<ProcessHandle> alive(Path pidFile) {
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      long p = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      return ProcessHandle.of(p).filter(ProcessHandle::isAlive);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static Map<String, String> flags(String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      String key = args[i].substring(2);
      if (key.equals("fresh") || key.equals("no-tls")) {
        flags.put(key, "true");
      } else if (i + 1 < args.length) {
        flags.put(key, args[++i]);
      } else {
        throw new IllegalArgumentException("--" + key + " needs a value");
      }
    }
    return flags;
  }

  static int intFlag(Map<String, String> flags, String key, int dflt) {
    String v = flags.get(key);
    try {
      return v == null ? dflt : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " must be a number, got " + v);
    }
  }

  static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
