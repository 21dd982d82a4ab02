package dev.felu.fleet;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Measures what an operator feels: how long an edit takes until every nameserver serves it (p50,
 * p99), how the zone list, its search and the dashboard respond with many zones ({@code --zones N},
 * see {@link ZoneListBench}), how the zone editor, the paged records and the export respond with
 * one large zone ({@code --zone-records N}, see {@link ZoneRecordsBench}), how long a nameserver
 * that starts empty takes to serve a large configuration (full sync), and what the heap holds per
 * zone, record and UI user ({@code --heap-zones N}, see {@link HeapBench}), and how its nameserver
 * compares with Knot DNS on a generated zone set ({@code --vs-knot small|large|both}, see {@link
 * KnotBench}; first, while the nameservers are idle), and zone transfers and NOTIFY next to Knot
 * ({@code --xfr}: AXFR, edit → a Knot secondary, migration from a Knot primary, see {@link
 * XfrBench}), and the RFC 2136 UPDATE rate next to BIND ({@code --update}: p50/p99 from sending an
 * update until every nameserver serves it at 50/s, 200/s and the most taken without loss, see
 * {@link UpdateBench}), and the clustered management tier ({@code --cluster N}: edit → served
 * through HAProxy and the takeover time after SIGKILL of the leader, see {@link ClusterBench}). A
 * phase given 0 is skipped. Starts its own fleet on loopback, prints the figures, stops the fleet.
 * Not a test: numbers depend on the machine.
 *
 * <pre>
 * server-config/bin/felu-bench [--nameservers 3] [--edits 200] [--zones 0] [--zone-records 0]
 *     [--records 1000000] [--zone-size 10000] [--home .felu-bench] [--port-base 9000]
 *     [--db-port 15532] [--dns-port 5401] [--ns-http-port 9301] [--heap-zones 0]
 *     [--heap-zone-size 1000] [--ui-users 10] [--heap-small-zones 1000] [--management-heap 1g]
 *     [--ns-heap 1g] [--vs-knot small|large|both] [--knot-zones 0 --knot-zone-size 1000]
 *     [--knot-seconds 20] [--knot-rate 10000] [--knot-queries 100000] [--xfr [--xfr-records 100000]
 *     [--xfr-rounds 5] [--xfr-edits 100] [--xfr-zones 1000] [--xfr-zone-size 1000]]
 *     [--update [--update-rates 50,200] [--update-seconds 10] [--update-max-rate 3000]
 *     [--update-steps 6] [--update-port 5400] [--update-wait-served 0]]
 *     [--cluster 2 [--cluster-takeovers 10]] [--seed 13]
 * </pre>
 */
@Command(
    name = "felu-bench",
    sortOptions = false,
    description = {
      "Measures edit -> served latency, the zone list with many zones, one large zone, a full"
          + " sync, the heap, felu next to Knot (--vs-knot), zone transfers and NOTIFY next to"
          + " Knot (--xfr) and the UPDATE rate next to BIND (--update), on a fleet of its own on"
          + " loopback. A phase given 0 is skipped."
    })
public final class Bench implements Callable<Integer> {
  private static final Logger LOG = Logger.getLogger(Bench.class.getName());
  private static final String DEFAULT = "(default: ${DEFAULT-VALUE})";

  @Option(names = "--nameservers", paramLabel = "N", defaultValue = "3", description = DEFAULT)
  int nameservers;

  @Option(
      names = "--edits",
      paramLabel = "N",
      defaultValue = "200",
      description = "edits timed until served (default: ${DEFAULT-VALUE})")
  int edits;

  @Option(
      names = "--zones",
      paramLabel = "N",
      defaultValue = "0",
      description = "zones for the zone list figures, ZoneListBench (default: ${DEFAULT-VALUE})")
  int manyZones;

  @Option(
      names = "--zone-records",
      paramLabel = "N",
      defaultValue = "0",
      description = "records of one large zone, ZoneRecordsBench (default: ${DEFAULT-VALUE})")
  int zoneRecords;

  @Option(
      names = "--records",
      paramLabel = "N",
      defaultValue = "1000000",
      description = "records loaded for the full sync (default: ${DEFAULT-VALUE})")
  int records;

  @Option(names = "--zone-size", paramLabel = "N", defaultValue = "10000", description = DEFAULT)
  int zoneSize;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      defaultValue = ".felu-bench",
      description = "the bench fleet's state folder, deleted first (default: ${DEFAULT-VALUE})")
  Path home;

  @Option(names = "--port-base", paramLabel = "N", defaultValue = "9000", description = DEFAULT)
  int portBase;

  @Option(names = "--db-port", paramLabel = "PORT", defaultValue = "15532", description = DEFAULT)
  int dbPort;

  @Option(names = "--dns-port", paramLabel = "PORT", defaultValue = "5401", description = DEFAULT)
  int dnsPort;

  @Option(
      names = "--ns-http-port",
      paramLabel = "PORT",
      defaultValue = "9301",
      description = "HTTP port of ns1; HTTPS is 100 above (default: ${DEFAULT-VALUE})")
  int nsHttpPort;

  @Option(
      names = "--heap-zones",
      paramLabel = "N",
      defaultValue = "0",
      description = "zones for the heap figures, HeapBench (default: ${DEFAULT-VALUE})")
  int heapZones;

  @Option(
      names = "--heap-zone-size",
      paramLabel = "N",
      defaultValue = "1000",
      description = DEFAULT)
  int heapZoneSize;

  @Option(names = "--ui-users", paramLabel = "N", defaultValue = "10", description = DEFAULT)
  int uiUsers;

  @Option(
      names = "--heap-small-zones",
      paramLabel = "N",
      defaultValue = "1000",
      description = DEFAULT)
  int heapSmallZones;

  @Option(
      names = "--management-heap",
      paramLabel = "SIZE",
      defaultValue = HeapSettings.DEFAULT_MANAGEMENT,
      description = DEFAULT)
  String managementHeap;

  @Option(
      names = {"--ns-heap", "--nameserver-heap"},
      paramLabel = "SIZE",
      defaultValue = HeapSettings.DEFAULT_NAMESERVER,
      description = DEFAULT)
  String nameserverHeap;

  @Option(
      names = "--vs-knot",
      paramLabel = "SET",
      description =
          "felu next to Knot DNS on a generated zone set, dnsperf against both (KnotBench):"
              + " small (10 zones x 100 records), large (1,000 x 1,000) or both")
  String vsKnot;

  @Option(
      names = "--knot-zones",
      paramLabel = "N",
      defaultValue = "0",
      description = "felu next to Knot on a set of N zones of --knot-zone-size records instead")
  int knotZones;

  @Option(
      names = "--knot-zone-size",
      paramLabel = "N",
      defaultValue = "1000",
      description = DEFAULT)
  int knotZoneSize;

  @Option(
      names = "--knot-seconds",
      paramLabel = "S",
      defaultValue = "20",
      description = "each unthrottled UDP and TCP dnsperf run (default: ${DEFAULT-VALUE})")
  int knotSeconds;

  @Option(
      names = "--knot-rate",
      paramLabel = "QPS",
      defaultValue = "10000",
      description = "queries/s of the latency run (default: ${DEFAULT-VALUE})")
  int knotRate;

  @Option(
      names = "--knot-queries",
      paramLabel = "N",
      defaultValue = "100000",
      description = "lines of the dnsperf query file (default: ${DEFAULT-VALUE})")
  int knotQueries;

  @Option(
      names = "--xfr",
      description =
          "zone transfers and NOTIFY next to Knot (XfrBench): AXFR of one large zone from felu and"
              + " from knotd (kdig), edit -> served by a Knot secondary (NOTIFY, IXFR), migration"
              + " of many zones from a Knot primary (POST /zones/transfer)")
  boolean xfr;

  @Option(
      names = "--xfr-records",
      paramLabel = "N",
      defaultValue = "100000",
      description = "records of the zone transferred by AXFR, 0 skips (default: ${DEFAULT-VALUE})")
  int xfrRecords;

  @Option(
      names = "--xfr-rounds",
      paramLabel = "N",
      defaultValue = "5",
      description = "AXFR rounds from each server, alternating (default: ${DEFAULT-VALUE})")
  int xfrRounds;

  @Option(
      names = "--xfr-edits",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "edits timed until a Knot secondary serves them, 0 skips (default: ${DEFAULT-VALUE})")
  int xfrEdits;

  @Option(
      names = "--xfr-zones",
      paramLabel = "N",
      defaultValue = "1000",
      description = "zones migrated from a Knot primary, 0 skips (default: ${DEFAULT-VALUE})")
  int xfrZones;

  @Option(
      names = "--xfr-zone-size",
      paramLabel = "N",
      defaultValue = "1000",
      description = "records of each migrated zone (default: ${DEFAULT-VALUE})")
  int xfrZoneSize;

  @Option(
      names = "--update",
      description =
          "RFC 2136 UPDATE rate next to BIND (UpdateBench): signed TXT replacements at each"
              + " --update-rates rate and the most per second taken without loss, p50/p99 from"
              + " sending until every nameserver serves it; BIND 9 (named) as a primary taking"
              + " the same updates")
  boolean update;

  @Option(
      names = "--update-rates",
      paramLabel = "N,N",
      split = ",",
      defaultValue = "50,200",
      description = "fixed rates, updates/s (default: ${DEFAULT-VALUE})")
  List<Integer> updateRates;

  @Option(
      names = "--update-seconds",
      paramLabel = "S",
      defaultValue = "10",
      description = "length of each run (default: ${DEFAULT-VALUE})")
  int updateSeconds;

  @Option(
      names = "--update-max-rate",
      paramLabel = "N",
      defaultValue = "3000",
      description = "the search's highest rate, updates/s (default: ${DEFAULT-VALUE})")
  int updateMaxRate;

  @Option(
      names = "--update-steps",
      paramLabel = "N",
      defaultValue = "6",
      description = "rates the search tries beyond the fixed ones (default: ${DEFAULT-VALUE})")
  int updateSteps;

  @Option(
      names = "--update-port",
      paramLabel = "PORT",
      defaultValue = "5400",
      description = "the management server's UPDATE endpoint (default: ${DEFAULT-VALUE})")
  int updatePort;

  @Option(
      names = "--update-wait-served",
      paramLabel = "S",
      defaultValue = "0",
      description =
          "felu.update.wait-served-seconds of the bench fleet; 0 answers at commit, as BIND"
              + " does (default: ${DEFAULT-VALUE})")
  int updateWaitServed;

  @Option(
      names = "--cluster",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "then a second fleet whose management tier is N instances behind HAProxy: edit ->"
              + " served through it (--edits) and the takeover time after SIGKILL of the leader"
              + " (--cluster-takeovers); 0 skips it "
              + DEFAULT)
  int cluster;

  @Option(
      names = "--cluster-takeovers",
      paramLabel = "N",
      defaultValue = "10",
      description = DEFAULT)
  int clusterTakeovers;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "13",
      description = "seed of the generated zone set and queries (default: ${DEFAULT-VALUE})")
  long seed;

  @Spec CommandSpec spec;

  @CommandLine.Mixin FeluDemo.Help help = new FeluDemo.Help();

  private Bench() {}

  public static void main(String[] args) {
    int status = new CommandLine(new Bench()).execute(args);
    if (status != 0) {
      System.exit(status);
    }
  }

  @Override
  public Integer call() throws Exception {
    Path home = this.home.toAbsolutePath();
    HeapSettings heap;
    try {
      heap =
          new HeapSettings(
              managementHeap,
              nameserverHeap,
              home.resolve("dumps"),
              HeapSettings.DEFAULT_KEPT_DUMPS);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    List<String> knotSets = knotSets();
    XfrBench.Sizes xfrSizes = null;
    if (xfr) {
      try {
        xfrSizes = new XfrBench.Sizes(xfrRecords, xfrRounds, xfrEdits, xfrZones, xfrZoneSize, seed);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
    UpdateBench.Settings updateSettings = null;
    if (update) {
      try {
        updateSettings =
            new UpdateBench.Settings(updateRates, updateSeconds, updateMaxRate, updateSteps);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
    if (Files.exists(home)) {
      Processes.deleteTree(home);
    }
    if (!knotSets.isEmpty() || xfr) {
      Files.createDirectories(home);
      try {
        KnotServer.ensureInstalled(home.resolve("apt.log"));
      } catch (IllegalStateException e) {
        System.err.println("felu-bench: " + e.getMessage());
        return 2;
      }
    }
    FleetOptions options =
        new FleetOptions(
            home,
            Path.of(System.getProperty("felu.fleet.dist", "server-config/target/fleet"))
                .toAbsolutePath(),
            portBase,
            dbPort,
            nameservers,
            dnsPort,
            nsHttpPort,
            nsHttpPort + 100,
            FleetOptions.HOST,
            true,
            heap);
    if (update) {
      options = options.withUpdatePort(updatePort);
    }
    Logger.getLogger("").setLevel(Level.WARNING);
    boolean checked = true;
    try (Fleet fleet = new Fleet(options)) {
      if (update) {
        // the bench's key sends far more than a client would (default 50/s); it times served
        // itself, so the endpoint answers at commit unless told otherwise
        fleet.managementSetting("felu.update.rate-per-key", "0");
        fleet.managementSetting(
            "felu.update.wait-served-seconds", Integer.toString(updateWaitServed));
      }
      System.out.println("starting a fleet with " + nameservers + " nameservers in " + home);
      fleet.start();
      String api = options.managementUrl() + "/api/v1";
      if (!knotSets.isEmpty()) {
        // first, while the nameservers hold nothing: their idle RSS is one of the figures
        KnotBench knot =
            new KnotBench(fleet, home.resolve("knot"), knotSeconds, knotRate, knotQueries);
        BenchZones previous = null;
        for (String set : knotSets) {
          BenchZones zones =
              switch (set) {
                case "small" -> BenchZones.small(seed);
                case "large" -> BenchZones.large(seed);
                default -> new BenchZones(seed, knotZones, knotZoneSize);
              };
          if (previous != null) {
            knot.unload(previous);
          }
          knot.run(set, zones);
          previous = zones;
        }
      }
      if (xfrSizes != null) {
        checked = new XfrBench(fleet, home.resolve("xfr"), xfrSizes).run();
      }
      if (updateSettings != null) {
        new UpdateBench(fleet, home.resolve("update"), updatePort, updateSettings).run();
      }
      if (edits > 0) {
        editToServed(fleet, api, edits);
      }
      if (manyZones > 0) {
        new ZoneListBench(fleet, manyZones).run();
      }
      if (zoneRecords > 0) {
        new ZoneRecordsBench(fleet, zoneRecords).run();
      }
      if (heapZones > 0) {
        new HeapBench(fleet, heapZones, heapZoneSize, uiUsers, heapSmallZones).run();
      }
      if (records > 0) {
        fullSync(fleet, api, records, zoneSize);
      }
    }
    if (cluster > 0) {
      // after the single server, beside its figures: another fleet, on ports of its own
      FleetOptions clustered =
          new FleetOptions(
                  home.resolve("cluster"),
                  options.dist(),
                  portBase + 1000,
                  dbPort + 1,
                  nameservers,
                  dnsPort + 50,
                  nsHttpPort + 50,
                  nsHttpPort + 150,
                  FleetOptions.HOST,
                  true,
                  heap)
              .withInstances(cluster);
      new ClusterBench(clustered, edits, clusterTakeovers).run();
    }
    if (!checked) {
      System.err.println("felu-bench: a check of the zone transfer figures failed (see above)");
      return 1;
    }
    return 0;
  }

  /** The sets of the Knot comparison: small, large, both or a custom one (--knot-zones). */
  private List<String> knotSets() {
    List<String> sets = new ArrayList<>();
    if (vsKnot != null) {
      switch (vsKnot) {
        case "small", "large" -> sets.add(vsKnot);
        case "both" -> sets.addAll(List.of("small", "large"));
        default ->
            throw new ParameterException(
                spec.commandLine(), "--vs-knot takes small, large or both, not " + vsKnot);
      }
    }
    if (knotZones > 0) {
      try {
        new BenchZones(seed, knotZones, knotZoneSize);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      sets.add("custom");
    }
    return sets;
  }

  /** Edits one A record again and again; per edit, the time until each nameserver answers it. */
  static void editToServed(Fleet fleet, String api, int edits) throws Exception {
    check(
        Http.send(
            "POST",
            api + "/zones",
            ApiJson.zone(
                "bench.test.",
                ApiJson.record("@", "SOA", "ns1.bench.test. h.bench.test. 1 3600 600 1209600 60"),
                ApiJson.record("@", "NS", "ns1.bench.test."))));
    List<SimpleResolver> resolvers = new ArrayList<>();
    for (NameserverProcess ns : fleet.nameservers()) {
      SimpleResolver r = new SimpleResolver(FleetOptions.HOST);
      r.setPort(ns.dnsPort());
      r.setTimeout(Duration.ofSeconds(1));
      resolvers.add(r);
    }
    double[] each = new double[edits * resolvers.size()];
    double[] all = new double[edits];
    long id = -1;
    for (int i = 0; i < edits; i++) {
      String address = "198.18." + (i / 250) + "." + (i % 250 + 1);
      String body = ApiJson.record("www", "A", 60, address).build().toString();
      long start = System.nanoTime();
      if (id < 0) {
        HttpResponse<String> created =
            check(Http.send("POST", api + "/zones/bench.test./records", body));
        id = jsonId(created.body());
      } else {
        check(Http.send("PUT", api + "/zones/bench.test./records/" + id, body));
      }
      boolean[] seen = new boolean[resolvers.size()];
      int remaining = resolvers.size();
      while (remaining > 0) {
        for (int n = 0; n < resolvers.size(); n++) {
          if (!seen[n] && address.equals(answer(resolvers.get(n)))) {
            seen[n] = true;
            remaining--;
            each[i * resolvers.size() + n] = millisSince(start);
          }
        }
        if (millisSince(start) > 30_000) {
          throw new IllegalStateException("edit " + i + " not served within 30 s");
        }
      }
      all[i] = millisSince(start);
    }
    System.out.printf(
        "edit -> served (%d edits, %d nameservers, REST call included):%n"
            + "  per nameserver  p50 %.1f ms  p99 %.1f ms  max %.1f ms%n"
            + "  on all of them  p50 %.1f ms  p99 %.1f ms  max %.1f ms%n",
        edits,
        resolvers.size(),
        percentile(each, 50),
        percentile(each, 99),
        percentile(each, 100),
        percentile(all, 50),
        percentile(all, 99),
        percentile(all, 100));
  }

  /**
   * Loads {@code records} A records in zones of {@code zoneSize}, then kills the last nameserver
   * and starts it again empty: the time from its start until it holds the head revision is one full
   * sync.
   */
  private static void fullSync(Fleet fleet, String api, int records, int zoneSize)
      throws Exception {
    long loadStart = System.nanoTime();
    int zones = (records + zoneSize - 1) / zoneSize;
    for (int z = 0; z < zones; z++) {
      JsonArrayBuilder zone =
          Json.createArrayBuilder()
              .add(ApiJson.record("@", "SOA", "ns1.bulk.test. h.bulk.test. 1 3600 600 1209600 60"))
              .add(ApiJson.record("@", "NS", "ns1.bulk.test."));
      int inZone = Math.min(zoneSize, records - z * zoneSize);
      for (int i = 0; i < inZone; i++) {
        String address = "10." + ((i >> 16) & 0xFF) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF);
        zone.add(ApiJson.record("h" + i, "A", 300, address));
      }
      check(Http.send("POST", api + "/zones", ApiJson.zone("z" + z + ".bulk.test.", zone)));
    }
    System.out.printf(
        "loaded %d records in %d zones through the REST API in %.1f s%n",
        records, zones, millisSince(loadStart) / 1000);
    Resync resync = restartAndResync(fleet, api);
    System.out.printf(
        "full sync of %d records to a restarted nameserver: %.1f s after it was up, %.1f s from"
            + " the link's connect (process start to deployed: %.1f s; after it was up includes the"
            + " link's reconnect, retried every 0.5 s)%n",
        records,
        resync.syncSeconds(),
        resync.connectToServingSeconds(),
        resync.startToReadySeconds());
  }

  /**
   * A restarted nameserver's figures: from its process start until its app is deployed and ready
   * for config, and from then until it holds the head revision (one full sync).
   */
  record Resync(double startToReadySeconds, double syncSeconds, double connectToServingSeconds) {}

  private static final Pattern LOG_MILLIS = Pattern.compile("\\[timeMillis: (\\d+)\\]");

  /**
   * From the nameserver's log, written since {@code offset}: the time from its first "management
   * server connected" to the first "applied" after it (the link's connect → serving), NaN when the
   * log does not show both.
   */
  static double connectToServing(Path log, long offset) throws IOException {
    byte[] all = Files.readAllBytes(log);
    int from = (int) Math.min(offset, all.length);
    String since = new String(all, from, all.length - from, StandardCharsets.UTF_8);
    long connected = -1;
    for (String line : since.split("\n")) {
      Matcher m = LOG_MILLIS.matcher(line);
      if (!m.find()) {
        continue;
      }
      if (connected < 0 && line.contains("management server connected")) {
        connected = Long.parseLong(m.group(1));
      } else if (connected >= 0 && line.contains("] applied ")) {
        return (Long.parseLong(m.group(1)) - connected) / 1000.0;
      }
    }
    return Double.NaN;
  }

  /**
   * Waits until every nameserver holds the head revision, kills the last one with SIGKILL and
   * starts it again empty: the time from its start until its app is deployed, and from then until
   * it holds the head revision again.
   */
  static Resync restartAndResync(Fleet fleet, String api) throws Exception {
    NameserverProcess last = fleet.nameservers().get(fleet.nameservers().size() - 1);
    Await.until(
        "all nameservers in sync", Duration.ofMinutes(30), () -> SyncCheck.allInSync(fleet, api));
    last.kill();
    Path log = fleet.options().logs().resolve(last.name() + ".log");
    long offset = Files.exists(log) ? Files.size(log) : 0;
    long boot = System.nanoTime();
    last.start(); // returns once its app is deployed, before any config arrived
    long deployed = System.nanoTime();
    Await.until(
        last.name() + " in sync", Duration.ofMinutes(30), () -> SyncCheck.inSync(api, last.name()));
    double synced = millisSince(deployed) / 1000;
    return new Resync((deployed - boot) / 1e9, synced, connectToServing(log, offset));
  }

  private static String answer(SimpleResolver r) {
    try {
      Message m =
          r.send(
              Message.newQuery(
                  Record.newRecord(Name.fromString("www.bench.test."), Type.A, DClass.IN)));
      List<Record> answer = m.getSection(Section.ANSWER);
      return answer.size() == 1 && answer.get(0) instanceof ARecord a
          ? a.getAddress().getHostAddress()
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  static HttpResponse<String> check(HttpResponse<String> r) throws IOException {
    if (r.statusCode() >= 300) {
      throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
    }
    return r;
  }

  private static long jsonId(String body) {
    return ApiJson.object(body).getJsonNumber("id").longValue();
  }

  static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  static double percentile(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
