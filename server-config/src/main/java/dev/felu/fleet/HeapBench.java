package dev.felu.fleet;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the heap holds: loads {@code zones} zones of {@code zoneSize} A records through the REST API
 * (four clients) and reports, for the management server and each nameserver, the heap in use after
 * a full GC ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}) when empty, after a tenth of the
 * zones, after all of them (each once every nameserver holds the head revision), then forces a full
 * resync of every nameserver (each builds a second table beside the one it serves: the most its
 * data ever needs) and checks that they survive it, then with {@code uiUsers} UI users logged in,
 * each with a zone's editor open, and after {@code smallZones} more zones of 10 records. The
 * differences give the heap per record, per zone and per UI user (see docs/operations.md "Sizing
 * the heap"). Part of {@link Bench}.
 */
final class HeapBench {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");
  private static final Pattern APPLIES =
      Pattern.compile(
          "^felu_ns_config_applies_total(?:\\{[^}]*\\})?\\s+([0-9.eE+]+)", Pattern.MULTILINE);
  private static final int SMALL_ZONE_SIZE = 10;

  private final Fleet fleet;
  private final String api;
  private final int zones;
  private final int zoneSize;
  private final int uiUsers;
  private final int smallZones;
  private final List<String> labels = new ArrayList<>();
  private final List<long[]> rows = new ArrayList<>();

  HeapBench(Fleet fleet, int zones, int zoneSize, int uiUsers, int smallZones) {
    this.smallZones = smallZones;
    this.fleet = fleet;
    this.api = fleet.options().managementUrl() + "/api/v1";
    this.zones = zones;
    this.zoneSize = zoneSize;
    this.uiUsers = uiUsers;
  }

  void run() throws Exception {
    System.out.printf(
        "heap after a full GC (heap limits: management %s, each nameserver %s)%n",
        fleet.options().heap().management(), fleet.options().heap().nameserver());
    measure("empty");
    int tenth = Math.max(1, zones / 10);
    long start = System.nanoTime();
    load(0, tenth);
    measure(tenth + " zones x " + zoneSize);
    load(tenth, zones);
    System.out.printf(
        "  (loaded %d records in %d zones through the REST API in %.0f s)%n",
        (long) zones * zoneSize, zones, Bench.millisSince(start) / 1000);
    measure(zones + " zones x " + zoneSize);
    resync();
    if (uiUsers > 0) {
      List<UiSession> sessions = new ArrayList<>();
      for (int u = 0; u < uiUsers; u++) {
        UiSession s =
            UiSession.login(fleet.options().managementUrl(), "admin", fleet.adminPassword());
        HttpResponse<String> editor = s.get("/zone.xhtml?name=" + zone(u % zones));
        if (editor.statusCode() != 200) {
          throw new IOException("zone editor: HTTP " + editor.statusCode());
        }
        sessions.add(s);
      }
      measure("+ " + uiUsers + " UI users in a zone editor");
    }
    long[] empty = rows.get(0);
    long[] full = rows.get(2);
    long[] beforeSmall = rows.get(rows.size() - 1);
    if (smallZones > 0) {
      load(zones, zones + smallZones, SMALL_ZONE_SIZE);
      measure("+ " + smallZones + " zones x " + SMALL_ZONE_SIZE);
    }
    long records = (long) zones * zoneSize;
    for (int p = 0; p < empty.length; p++) {
      System.out.printf(
          "  %-12s %.0f bytes per record (%d zones x %d records)%n",
          process(p), (full[p] - empty[p]) * 1024.0 / records, zones, zoneSize);
    }
    if (uiUsers > 0) {
      System.out.printf(
          "  %-12s %.0f KiB per UI user with a %d-record zone open%n",
          process(0), (rows.get(3)[0] - full[0]) / (double) uiUsers, zoneSize);
    }
    if (smallZones > 0) {
      long[] small = rows.get(rows.size() - 1);
      for (int p = 1; p < empty.length; p++) {
        double perRecord = (full[p] - empty[p]) * 1024.0 / records;
        System.out.printf(
            "  %-12s %.0f bytes per zone beyond its records (%d zones x %d records)%n",
            process(p),
            (small[p] - beforeSmall[p]) * 1024.0 / smallZones - SMALL_ZONE_SIZE * perRecord,
            smallZones,
            SMALL_ZONE_SIZE);
      }
    }
  }

  private String process(int p) {
    return p == 0 ? "management" : fleet.nameservers().get(p - 1).name();
  }

  private static String zone(int i) {
    return String.format("h%05d.heap.test.", i);
  }

  /** Creates zones [from, to) with four clients; returns once every nameserver holds them. */
  private void load(int from, int to) throws Exception {
    load(from, to, zoneSize);
  }

  private void load(int from, int to, int size) throws Exception {
    AtomicInteger next = new AtomicInteger(from);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Void>> clients = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        clients.add(
            pool.submit(
                () -> {
                  for (int z = next.getAndIncrement(); z < to; z = next.getAndIncrement()) {
                    Bench.check(Http.send("POST", api + "/zones", body(z, size)));
                  }
                  return null;
                }));
      }
      for (Future<Void> f : clients) {
        f.get(2, TimeUnit.HOURS);
      }
    } finally {
      pool.shutdownNow();
    }
    Await.until(
        "every nameserver holds " + to + " zones",
        Duration.ofMinutes(30),
        () -> SyncCheck.allInSync(fleet, api));
  }

  private static String body(int z, int zoneSize) {
    JsonArrayBuilder records =
        Json.createArrayBuilder()
            .add(ApiJson.record("@", "SOA", "ns1.heap.test. h.heap.test. 1 3600 600 1209600 60"))
            .add(ApiJson.record("@", "NS", "ns1.heap.test."));
    for (int i = 2; i < zoneSize; i++) {
      String address = "10." + ((z >> 8) & 0xFF) + "." + (z & 0xFF) + "." + (i & 0xFF);
      records.add(ApiJson.record("host-" + i, "A", 300, address));
    }
    return ApiJson.zone(zone(z), records);
  }

  /**
   * A forced full resync of every nameserver at once: each builds a second table beside the one it
   * serves, the most heap a nameserver ever needs for its data. Fails when one does not survive it.
   */
  private void resync() throws Exception {
    List<Long> before = new ArrayList<>();
    List<Long> pids = new ArrayList<>();
    for (NameserverProcess ns : fleet.nameservers()) {
      before.add(applies(ns));
      pids.add(ns.pid().orElseThrow());
      Bench.check(Http.send("POST", api + "/nameservers/" + ns.name() + "/resync", null));
    }
    long start = System.nanoTime();
    for (int n = 0; n < pids.size(); n++) {
      NameserverProcess ns = fleet.nameservers().get(n);
      long pid = pids.get(n);
      long applied = before.get(n);
      Await.until(
          ns.name() + " applying the full resync",
          Duration.ofMinutes(30),
          () -> {
            if (ns.pid().filter(p -> p == pid).isEmpty()) {
              throw new Await.Abort(
                  ns.name() + " ended during a full resync (out of memory?): see its log");
            }
            return applies(ns) > applied;
          });
    }
    System.out.printf(
        "  every nameserver survived a full resync (a second table beside the served one), %.0f s%n",
        Bench.millisSince(start) / 1000);
  }

  private static long applies(NameserverProcess ns) throws Exception {
    String metrics = Http.metrics("http://" + FleetOptions.HOST + ":" + ns.httpPort() + "/metrics");
    Matcher m = APPLIES.matcher(metrics);
    if (!m.find()) {
      throw new IOException(ns.name() + " /metrics has no felu_ns_config_applies_total");
    }
    return (long) Double.parseDouble(m.group(1));
  }

  /** One row: KiB in use after a full GC, management first, then each nameserver. */
  private void measure(String label) throws Exception {
    List<Long> pids = new ArrayList<>();
    pids.add(fleet.managementProcess().orElseThrow().pid());
    for (NameserverProcess ns : fleet.nameservers()) {
      pids.add(ns.pid().orElseThrow());
    }
    long[] used = new long[pids.size()];
    StringBuilder line = new StringBuilder(String.format("  %-40s", label));
    for (int p = 0; p < used.length; p++) {
      used[p] = usedAfterGc(pids.get(p));
      line.append(String.format("  %s %6.1f MiB", process(p), used[p] / 1024.0));
    }
    labels.add(label);
    rows.add(used);
    System.out.println(line);
  }

  /** KiB of heap in use right after a full GC of the JVM with this PID. */
  private long usedAfterGc(long pid) throws Exception {
    jcmd(pid, "GC.run");
    Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
    if (!m.find()) {
      throw new IOException("jcmd " + pid + " GC.heap_info: no 'used' figure");
    }
    return Long.parseLong(m.group(1));
  }

  /** One jcmd call, bounded at two minutes, its output also in the fleet's logs. */
  private String jcmd(long pid, String command) throws Exception {
    String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    return Processes.run(
        List.of(jcmd, Long.toString(pid), command),
        fleet.options().logs().resolve("jcmd.log"),
        Map.of(),
        120);
  }
}
