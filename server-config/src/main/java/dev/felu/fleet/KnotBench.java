package dev.felu.fleet;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * felu's nameserver next to Knot DNS on one {@link BenchZones} set (issue 13, "How to measure"):
 * the set is loaded into felu through the REST API and into Knot from its zone files, then dnsperf
 * runs against one and then the other with the same query file — unthrottled UDP, a fixed rate for
 * the latency percentiles, TCP — while the server's CPU time ({@code utime + stime} of {@code
 * /proc/<pid>/stat}) and RSS ({@code VmRSS} of {@code /proc/<pid>/status}) are read around the
 * runs. felu's side adds what Knot has no counterpart for: the restarted nameserver's start until
 * ready for config and its full sync ({@link Bench#restartAndResync}). Prints one table with the
 * ratio felu / Knot. Part of {@link Bench}; not a test.
 */
final class KnotBench {
  private static final int CLIENTS = 4;
  private static final int WARM_UP_SECONDS = 5;

  private final Fleet fleet;
  private final String api;
  private final Path home;
  private final int seconds;
  private final int rate;
  private final int queries;

  /**
   * @param home a folder for the zone files, Knot and dnsperf's output
   * @param seconds each unthrottled and TCP run; the fixed-rate run takes half of it
   * @param rate queries per second of the latency run
   * @param queries lines of the query file
   */
  KnotBench(Fleet fleet, Path home, int seconds, int rate, int queries) {
    this.fleet = fleet;
    this.api = fleet.options().managementUrl() + "/api/v1";
    this.home = home;
    this.seconds = seconds;
    this.rate = rate;
    this.queries = queries;
  }

  /** One server's figures; NaN where it has none. */
  private static final class Figures {
    double idleRssMb = Double.NaN;
    double loadedRssMb = Double.NaN;
    double afterRssMb = Double.NaN;
    double udpQps = Double.NaN;
    double udpLostPercent = Double.NaN;
    double udpPerCpuSecond = Double.NaN;
    double p50Millis = Double.NaN;
    double p99Millis = Double.NaN;
    double tcpQps = Double.NaN;
    double loadSeconds = Double.NaN;
    double servedSeconds = Double.NaN;
    double startSeconds = Double.NaN;
    double syncSeconds = Double.NaN;
    double connectToServingSeconds = Double.NaN;
  }

  /** Runs the comparison on {@code set} and prints its table. */
  void run(String label, BenchZones set) throws Exception {
    Path dir = home.resolve(label);
    Path queryFile = set.write(dir, queries);
    List<String> zones = set.zoneNames();
    System.out.printf(
        "felu next to Knot, %s set: %d zones × %d records, %d queries in %s%n",
        label, set.zones(), set.recordsPerZone(), queries, queryFile);
    NameserverProcess ns = fleet.nameservers().get(0);
    Figures felu = new Figures();
    Figures knot = new Figures();

    felu.idleRssMb = rssMb(ns.pid().orElseThrow());
    long start = System.nanoTime();
    load(api, dir, zones);
    felu.loadSeconds = Bench.millisSince(start) / 1000;
    Name last = Name.fromString(zones.get(zones.size() - 1));
    Await.until(
        "every nameserver holds the " + label + " set",
        Duration.ofMinutes(30),
        () ->
            SyncCheck.allInSync(fleet, api)
                && KnotServer.answers(ns.dnsPort(), last) == Rcode.NOERROR);
    felu.servedSeconds = Bench.millisSince(start) / 1000;
    System.out.printf(
        "  felu: loaded in %.1f s, served by every nameserver after %.1f s%n",
        felu.loadSeconds, felu.servedSeconds);

    int port = KnotServer.freePort(fleet.options().dnsPort(1) + 100);
    Path knotHome = dir.resolve("knot");
    try (KnotServer empty = new KnotServer(knotHome.resolve("empty"), port)) {
      start = System.nanoTime();
      empty.start(BenchZones.zonesDir(dir), List.of());
      knot.startSeconds = Bench.millisSince(start) / 1000;
      knot.idleRssMb = rssMb(empty.pid());
    }
    try (KnotServer server = new KnotServer(knotHome.resolve("server"), port)) {
      start = System.nanoTime();
      server.start(BenchZones.zonesDir(dir), zones);
      server.awaitZones(zones, Duration.ofMinutes(10));
      knot.loadSeconds = Bench.millisSince(start) / 1000;
      knot.servedSeconds = knot.loadSeconds;
      System.out.printf("  Knot: started and loaded the zone files in %.1f s%n", knot.loadSeconds);

      // back to back, felu first; the same query file, the same runs
      measure("felu", ns.pid().orElseThrow(), ns.dnsPort(), queryFile, dir, felu);
      measure("knot", server.pid(), port, queryFile, dir, knot);
    }
    Bench.Resync resync = Bench.restartAndResync(fleet, api);
    felu.startSeconds = resync.startToReadySeconds();
    felu.syncSeconds = resync.syncSeconds();
    felu.connectToServingSeconds = resync.connectToServingSeconds();
    print(label, set, felu, knot);
  }

  /** Zone files per bulk import request: about 100,000 records of the large set, 4 MB. */
  static final int BATCH = 100;

  /**
   * Loads the set as an operator moving from another server would: the zone files through the bulk
   * import ({@code POST /zones/import}), {@link #BATCH} files a request, two requests in flight
   * (one is parsed while the other is written).
   *
   * @param api the API's base URL ({@code http://…/api/v1}), with {@link Http}'s authorization
   * @param dir the folder {@link BenchZones#write} wrote the set's zone files into
   */
  static void load(String api, Path dir, List<String> zones) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Void>> clients = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        clients.add(
            pool.submit(
                () -> {
                  for (int from = next.getAndAdd(BATCH);
                      from < zones.size();
                      from = next.getAndAdd(BATCH)) {
                    Map<String, String> files = new LinkedHashMap<>();
                    for (String zone : zones.subList(from, Math.min(zones.size(), from + BATCH))) {
                      files.put(
                          zone,
                          Files.readString(
                              BenchZones.zonesDir(dir).resolve(BenchZones.fileName(zone))));
                    }
                    Bench.check(
                        Http.send(
                            "POST", api + "/zones/import", Http.multipart(files), Http.MULTIPART));
                  }
                  return null;
                }));
      }
      for (Future<Void> c : clients) {
        c.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A zone file's records as {@code POST /zones} takes them (absolute names). */
  static JsonArrayBuilder records(String zone, Path file) throws IOException {
    JsonArrayBuilder records = Json.createArrayBuilder();
    byte[] bytes = Files.readAllBytes(file);
    try (Master master = new Master(new ByteArrayInputStream(bytes), Name.fromString(zone), 3600)) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        records.add(
            ApiJson.record(
                r.getName().toString(), Type.string(r.getType()), r.getTTL(), r.rdataToString()));
      }
    }
    return records;
  }

  /** Deletes the set's zones from felu (before another set is loaded). */
  void unload(BenchZones set) throws Exception {
    for (String zone : set.zoneNames()) {
      Bench.check(Http.send("DELETE", api + "/zones/" + zone, null));
    }
  }

  /**
   * RSS holding the set, a warm-up, then unthrottled UDP (CPU time read around it), the fixed-rate
   * run with every answer's latency, and TCP, against one server.
   */
  private void measure(String who, long pid, int port, Path queryFile, Path dir, Figures f)
      throws Exception {
    List<String> clients = List.of("-c", Integer.toString(CLIENTS));
    f.loadedRssMb = rssMb(pid);
    DnsPerf.run(port, queryFile, WARM_UP_SECONDS, clients, dir.resolve(who + "-warmup.out"));
    long cpuBefore = cpuTicks(pid);
    DnsPerf.Result udp =
        DnsPerf.run(port, queryFile, seconds, clients, dir.resolve(who + "-udp.out"));
    long cpu = cpuTicks(pid) - cpuBefore;
    f.udpQps = udp.qps();
    f.udpLostPercent = 100.0 * udp.lost() / Math.max(1, udp.completed() + udp.lost());
    f.udpPerCpuSecond = udp.completed() / (cpu / (double) clockTicks());
    DnsPerf.Result latency =
        DnsPerf.run(
            port,
            queryFile,
            Math.max(5, seconds / 2),
            List.of("-c", Integer.toString(CLIENTS), "-Q", Integer.toString(rate), "-v"),
            dir.resolve(who + "-latency.out"));
    f.p50Millis = latency.p50Millis();
    f.p99Millis = latency.p99Millis();
    List<String> tcp = List.of("-c", Integer.toString(CLIENTS), "-m", "tcp");
    f.tcpQps = DnsPerf.run(port, queryFile, seconds, tcp, dir.resolve(who + "-tcp.out")).qps();
    f.afterRssMb = rssMb(pid);
    System.out.printf(
        Locale.ROOT,
        "  %s: UDP %.0f q/s (%.2f %% lost), %.0f q per CPU-second; at %d q/s (%.0f reached) p50"
            + " %.3f ms, p99 %.3f ms; TCP %.0f q/s%n",
        who,
        f.udpQps,
        f.udpLostPercent,
        f.udpPerCpuSecond,
        rate,
        latency.qps(),
        f.p50Millis,
        f.p99Millis,
        f.tcpQps);
  }

  private void print(String label, BenchZones set, Figures felu, Figures knot) {
    String records = String.format(Locale.ROOT, "%,d", set.records());
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT,
            "%nfelu next to Knot, %s set (%d zones × %d records = %s records; %d dnsperf clients,"
                + " %d s runs):%n",
            label,
            set.zones(),
            set.recordsPerZone(),
            records,
            CLIENTS,
            seconds));
    t.append("| | felu | Knot | felu / Knot |\n| --- | --- | --- | --- |\n");
    row(t, "RSS idle, nothing loaded", felu.idleRssMb, knot.idleRssMb, "%.0f MB");
    row(
        t,
        "RSS holding " + records + " records, before any query",
        felu.loadedRssMb,
        knot.loadedRssMb,
        "%.0f MB");
    row(t, "RSS after the dnsperf runs", felu.afterRssMb, knot.afterRssMb, "%.0f MB");
    row(t, "UDP queries/s, unthrottled", felu.udpQps, knot.udpQps, "%.0f");
    row(t, "UDP queries lost, unthrottled", felu.udpLostPercent, knot.udpLostPercent, "%.2f %%");
    row(t, "UDP queries per server CPU-second", felu.udpPerCpuSecond, knot.udpPerCpuSecond, "%.0f");
    row(t, "p50 latency at " + rate + " q/s", felu.p50Millis, knot.p50Millis, "%.3f ms");
    row(t, "p99 latency at " + rate + " q/s", felu.p99Millis, knot.p99Millis, "%.3f ms");
    row(t, "TCP queries/s", felu.tcpQps, knot.tcpQps, "%.0f");
    row(
        t,
        "loading the set (felu: "
            + set.zones()
            + " zone files by bulk import; Knot: start → every zone"
            + " served from its file)",
        felu.loadSeconds,
        knot.loadSeconds,
        "%.1f s");
    row(
        t,
        "loading the set until every nameserver serves it",
        felu.servedSeconds,
        knot.servedSeconds,
        "%.1f s");
    row(
        t,
        "full sync of the set to a restarted nameserver (up → serving; includes the link's"
            + " reconnect, retried every 0.5 s)",
        felu.syncSeconds,
        Double.NaN,
        "%.1f s");
    row(
        t,
        "full sync of the set, the link's connect → serving (nameserver log; Knot: loading the"
            + " files)",
        felu.connectToServingSeconds,
        knot.loadSeconds,
        "%.1f s");
    row(
        t,
        "nameserver start → ready for config (Knot: start → answering, no zones)",
        felu.startSeconds,
        knot.startSeconds,
        "%.1f s");
    System.out.println(t);
  }

  private static void row(StringBuilder t, String what, double felu, double knot, String format) {
    t.append("| ").append(what).append(" | ");
    t.append(Double.isNaN(felu) ? "—" : String.format(Locale.ROOT, format, felu)).append(" | ");
    t.append(Double.isNaN(knot) ? "—" : String.format(Locale.ROOT, format, knot)).append(" | ");
    t.append(
            Double.isNaN(felu) || Double.isNaN(knot) || knot == 0
                ? "—"
                : String.format(Locale.ROOT, "%.2f", felu / knot))
        .append(" |\n");
  }

  /** Resident memory of a process in MB ({@code VmRSS} of {@code /proc/<pid>/status}). */
  static double rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS for process " + pid);
  }

  /** CPU time a process used, user plus system, in clock ticks ({@code /proc/<pid>/stat}). */
  static long cpuTicks(long pid) throws IOException {
    String stat =
        Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
    // after "pid (comm) ": state is field 3, utime 14, stime 15 (proc(5)); comm may hold spaces
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static long clockTicks;

  /** {@code getconf CLK_TCK}: clock ticks per second (100 on Linux, asked anyway). */
  static synchronized long clockTicks() throws IOException {
    if (clockTicks == 0) {
      try {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        p.waitFor();
        clockTicks = Long.parseLong(out.trim());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    return clockTicks;
  }
}
