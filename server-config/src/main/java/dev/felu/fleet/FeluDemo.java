package dev.felu.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line of {@code server-config/bin/felu-demo}: {@code start} runs a {@link Fleet} until
 * it is stopped (Ctrl-C, SIGTERM), {@code stop} ends the fleet that runs from a home folder and
 * whatever a killed launcher left behind. Parsed by picocli: {@code --help} on each command, and a
 * bad value names its flag.
 */
@Command(
    name = "felu-demo",
    subcommands = {FeluDemo.Start.class, FeluDemo.Stop.class},
    description = "Starts or stops a demo fleet on this machine, everything on 127.0.0.1.")
public final class FeluDemo implements Runnable {
  @Spec CommandSpec spec;

  @CommandLine.Mixin Help help = new Help();

  /** Without a command: {@code start}. Exits with 2 on a bad flag, 1 when the fleet fails. */
  public static void main(String[] args) {
    int status = commandLine().execute(args.length == 0 ? new String[] {"start"} : args);
    if (status != 0) {
      System.exit(status);
    }
  }

  static CommandLine commandLine() {
    return new CommandLine(new FeluDemo());
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is missing: start or stop");
  }

  /** {@code -h}/{@code --help} on every command (no {@code --version}: the launcher has none). */
  static final class Help {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "show this help and exit")
    boolean help;
  }

  /** The fleet's state folder: database, Payara domain, secrets, logs, PID files. */
  static final class Home {
    @Option(
        names = "--home",
        paramLabel = "DIR",
        defaultValue = ".felu-demo",
        description = "the fleet's state folder (default: ${DEFAULT-VALUE})")
    Path home;

    Path path() {
      return home.toAbsolutePath();
    }
  }

  @Command(
      name = "start",
      sortOptions = false,
      description = {
        "Starts embedded PostgreSQL, the management server on Payara Server and the nameservers"
            + " on Payara Micro, registers the nameservers, and runs until Ctrl-C or SIGTERM.",
        "Management ports follow Payara's port base: HTTP = base + 80, admin = base + 48."
      })
  static final class Start implements Callable<Integer> {
    @Spec CommandSpec spec;

    @CommandLine.Mixin Help help = new Help();

    @CommandLine.Mixin Home home = new Home();

    @Option(
        names = "--dist",
        paramLabel = "DIR",
        description =
            "felu.ear, felu-ns.rar, ns.war, payara-micro.jar, postgresql.jar and payara6/"
                + " (default: system property felu.fleet.dist, else server-config/target/fleet)")
    Path dist;

    @Option(
        names = "--port-base",
        paramLabel = "N",
        defaultValue = "8000",
        description = "Payara Server port base (default: ${DEFAULT-VALUE})")
    int portBase;

    @Option(
        names = "--db-port",
        paramLabel = "PORT",
        defaultValue = "15432",
        description = "embedded PostgreSQL (default: ${DEFAULT-VALUE})")
    int dbPort;

    @Option(
        names = "--nameservers",
        paramLabel = "N",
        defaultValue = "2",
        description = "how many nameservers, ns1 … nsN (default: ${DEFAULT-VALUE})")
    int nameservers;

    @Option(
        names = "--dns-port",
        paramLabel = "PORT",
        defaultValue = "5301",
        description = "DNS port of ns1; nsI gets PORT + I - 1 (default: ${DEFAULT-VALUE})")
    int dnsPort;

    @Option(
        names = "--ns-http-port",
        paramLabel = "PORT",
        defaultValue = "8301",
        description =
            "HTTP port of ns1 (health, metrics); nsI gets + I - 1 (default: ${DEFAULT-VALUE})")
    int nsHttpPort;

    @Option(
        names = "--ns-https-port",
        paramLabel = "PORT",
        defaultValue = "8441",
        description =
            "HTTPS port of ns1 (the config link over wss, mTLS); nsI gets + I - 1"
                + " (default: ${DEFAULT-VALUE})")
    int nsHttpsPort;

    @Option(
        names = "--ns-mgmt-address",
        paramLabel = "ADDRESS",
        defaultValue = FleetOptions.HOST,
        description =
            "where the nameservers' HTTP(S) listeners bind; DNS stays on "
                + FleetOptions.HOST
                + " (default: ${DEFAULT-VALUE})")
    String nsManagementAddress;

    @Option(
        names = "--update-port",
        paramLabel = "PORT",
        defaultValue = "5399",
        description =
            "the management server's DNS UPDATE endpoint (RFC 2136 with TSIG), UDP and TCP on "
                + FleetOptions.HOST
                + "; 0 turns it off (default: ${DEFAULT-VALUE})")
    int updatePort;

    @Option(
        names = "--cluster",
        paramLabel = "N",
        defaultValue = "0",
        description =
            "run the management server as a cluster of N instances (a Payara deployment group,"
                + " instance K on port base + 100 K) behind HAProxy on port base + 90; 0: one"
                + " server (default: ${DEFAULT-VALUE})")
    int cluster;

    @Option(names = "--no-tls", description = "plain ws:// config links, for a lab without TLS")
    boolean noTls;

    @Option(names = "--fresh", description = "delete the state folder first (an empty database)")
    boolean fresh;

    @Option(
        names = "--management-heap",
        paramLabel = "SIZE",
        defaultValue = HeapSettings.DEFAULT_MANAGEMENT,
        description = "-Xmx of the management server (default: ${DEFAULT-VALUE})")
    String managementHeap;

    @Option(
        names = {"--ns-heap", "--nameserver-heap"},
        paramLabel = "SIZE",
        defaultValue = HeapSettings.DEFAULT_NAMESERVER,
        description = "-Xmx of each nameserver (default: ${DEFAULT-VALUE})")
    String nameserverHeap;

    @Option(
        names = "--heap-dumps",
        paramLabel = "DIR",
        description = "where heap dumps go (default: HOME/dumps)")
    Path heapDumps;

    @Option(
        names = "--kept-heap-dumps",
        paramLabel = "N",
        defaultValue = "" + HeapSettings.DEFAULT_KEPT_DUMPS,
        description = "how many heap dumps are kept, 0 for none (default: ${DEFAULT-VALUE})")
    int keptHeapDumps;

    /** The options as given; a value the fleet cannot take fails as a bad flag would. */
    FleetOptions options() {
      Path h = home.path();
      Path d =
          dist != null
              ? dist
              : Path.of(System.getProperty("felu.fleet.dist", "server-config/target/fleet"));
      try {
        return new FleetOptions(
            h,
            d.toAbsolutePath(),
            portBase,
            dbPort,
            nameservers,
            dnsPort,
            nsHttpPort,
            nsHttpsPort,
            nsManagementAddress,
            !noTls,
            new HeapSettings(
                managementHeap,
                nameserverHeap,
                heapDumps != null ? heapDumps : h.resolve("dumps"),
                keptHeapDumps),
            updatePort,
            cluster);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }

    @Override
    public Integer call() throws Exception {
      FleetOptions options = options();
      Path h = options.home();
      Optional<ProcessHandle> running = Processes.alive(h.resolve("run").resolve(Fleet.PID_FILE));
      if (running.isPresent()) {
        System.err.println(
            "a fleet is already running from "
                + h
                + " (pid "
                + running.get().pid()
                + "); stop it first");
        return 1;
      }
      if (fresh && Files.exists(h)) {
        Processes.deleteTree(h);
      }
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
        return 1;
      }
      fleet.supervise(Supervisor.Policy.DEFAULT);
      System.out.println(welcome(fleet));
      stopped.await();
      return 0;
    }
  }

  @Command(
      name = "stop",
      description = {
        "Stops the fleet that runs from the state folder (its launcher stops everything in order),"
            + " then whatever a killed launcher left behind, from the PID files."
      })
  static final class Stop implements Callable<Integer> {
    @CommandLine.Mixin Help help = new Help();

    @CommandLine.Mixin Home home = new Home();

    @Override
    public Integer call() throws Exception {
      stop(home.path());
      return 0;
    }
  }

  private static void stop(Path home) throws IOException {
    Path run = home.resolve("run");
    Optional<ProcessHandle> launcher = Processes.alive(run.resolve(Fleet.PID_FILE));
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
    try (var instances = Files.find(home.resolve("nodes"), 3, (f, a) -> f.endsWith("config/pid"))) {
      instances.forEach(leftovers::add); // a cluster's instances
    } catch (java.nio.file.NoSuchFileException noCluster) {
      // a single server
    }
    leftovers.add(Fleet.domainPidFile(home));
    leftovers.add(Fleet.databasePidFile(home));
    for (Path file : leftovers) {
      Optional<ProcessHandle> p = Processes.alive(file);
      if (p.isPresent()) {
        System.out.println("stopping leftover process " + p.get().pid() + " (" + file + ")");
        p.get().destroy();
        try {
          p.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (TimeoutException
            | InterruptedException
            | java.util.concurrent.ExecutionException e) {
          p.get().destroyForcibly();
        }
      }
      if (file.startsWith(run)) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** What the operator sees once the fleet runs: where everything is, and what to try. */
  static String welcome(Fleet fleet) {
    FleetOptions o = fleet.options();
    StringBuilder s = new StringBuilder();
    s.append("\nfelu is running.\n");
    s.append("  admin UI         ").append(o.managementUrl()).append("/\n");
    s.append("  REST API         ").append(o.managementUrl()).append("/api/v1/zones\n");
    s.append("  health           ").append(o.managementUrl()).append("/health\n");
    for (int k = 1; k <= o.instances(); k++) {
      s.append("  instance ")
          .append(k)
          .append("       ")
          .append(o.instanceUrl(k))
          .append(" (behind HAProxy at ")
          .append(o.managementUrl())
          .append(o.updatePort() > 0 ? "; DNS UPDATE on port " + o.instanceUpdatePort(k) : "")
          .append(")\n");
    }
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
    if (o.updatePort() > 0 && !o.clustered()) {
      s.append("  DNS UPDATE       ")
          .append(FleetOptions.HOST)
          .append(':')
          .append(o.updatePort())
          .append(" (UDP+TCP, RFC 2136 signed with a TSIG key; nsupdate: server ")
          .append(FleetOptions.HOST)
          .append(' ')
          .append(o.updatePort())
          .append(")\n");
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
        .append("/api/v1/zones \\\n    -d '")
        .append(
            ApiJson.zone(
                "example.test.",
                ApiJson.record("@", "NS", "ns1.example.test."),
                ApiJson.record("www", "A", 300, "192.0.2.10")))
        .append("'\n");
    s.append("  dig @")
        .append(FleetOptions.HOST)
        .append(" -p ")
        .append(o.dnsPort(1))
        .append(" www.example.test A\n\n");
    s.append("Stop with Ctrl-C, or: server-config/bin/felu-demo stop\n");
    return s.toString();
  }
}
