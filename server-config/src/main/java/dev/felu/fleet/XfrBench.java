package dev.felu.fleet;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Zone transfers and NOTIFY next to Knot DNS (issue 14, the benchmark part), each phase skipped
 * when its size is 0:
 *
 * <ol>
 *   <li>AXFR: one {@link BenchZones} zone of {@code records} records, loaded into felu (bulk
 *       import; 127.0.0.1 allowed by the zone's transfer networks) and into a knotd primary (an acl
 *       for 127.0.0.1); {@code kdig +tcp AXFR} from each, alternating, a warm-up transfer each and
 *       then {@code rounds} rounds; the median of each and the ratio felu / Knot, and the record
 *       count of every transfer, which must agree;
 *   <li>edit → secondary: a knotd secondary of a felu zone (TSIG key, NOTIFY to it set by REST,
 *       {@link KnotServer#secondaryConfig}); {@code edits} records added through REST, each timed
 *       from the 2xx answer until the secondary answers the new record (polled every {@link #POLL}
 *       with dnsjava); p50, p99, max, and how many IXFRs (and AXFRs) the secondary's log shows;
 *   <li>migration: a knotd primary of {@code zones} zones × {@code zoneSize} records, pulled into
 *       felu by {@code POST /zones/transfer} (TSIG-signed, {@link #batches} of zones a request, two
 *       requests in flight); wall time, zones/s, and afterwards the zone count and a sample zone's
 *       record count from {@code GET /zones}.
 * </ol>
 *
 * Loopback only; every knotd it starts is stopped at the end of its phase, also on failure. Prints
 * one Markdown table and writes it to {@code results.md} in its folder. Part of {@link Bench}; not
 * a test.
 */
final class XfrBench {
  static final String AXFR_SUFFIX = ".axfr.test.";
  static final String NOTIFY_SUFFIX = ".notify.test.";
  static final String MIGRATION_SUFFIX = ".migrate.test.";

  /** The size of the zone a Knot secondary follows (phase 2). */
  static final int NOTIFY_ZONE_RECORDS = 1000;

  /** {@code felu.import.max-zones}, its default: zones one migration request may name. */
  static final int MAX_ZONES_PER_REQUEST = 1000;

  /**
   * Records one migration request carries at most: half of {@code felu.import.max-request-records}
   * (200,000), since two requests are in flight.
   */
  static final int RECORDS_PER_REQUEST = 100_000;

  /** {@code felu.import.max-records}, its default: the largest zone felu imports. */
  static final int MAX_ZONE_RECORDS = 100_000;

  static final Path KDIG = Path.of("/usr/bin/kdig");
  static final Duration POLL = Duration.ofMillis(2);
  private static final Duration EDIT_TIMEOUT = Duration.ofSeconds(30);

  /** The sizes of a run; 0 skips a phase. */
  record Sizes(int records, int rounds, int edits, int zones, int zoneSize, long seed) {
    Sizes {
      if (records != 0 && (records < BenchZones.MIN_RECORDS || records > MAX_ZONE_RECORDS)) {
        throw new IllegalArgumentException(
            "--xfr-records takes 0 or "
                + BenchZones.MIN_RECORDS
                + "…"
                + MAX_ZONE_RECORDS
                + " (felu.import.max-records), not "
                + records);
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("--xfr-rounds takes 1 or more, not " + rounds);
      }
      if (edits < 0 || zones < 0 || zones > 99_999) {
        throw new IllegalArgumentException("--xfr-edits and --xfr-zones take 0 or more");
      }
      if (zones > 0 && (zoneSize < BenchZones.MIN_RECORDS || zoneSize > MAX_ZONE_RECORDS)) {
        throw new IllegalArgumentException(
            "--xfr-zone-size takes "
                + BenchZones.MIN_RECORDS
                + "…"
                + MAX_ZONE_RECORDS
                + ", not "
                + zoneSize);
      }
    }
  }

  private final Fleet fleet;
  private final String api;
  private final Path home;
  private final Sizes sizes;
  private final List<String[]> rows = new ArrayList<>();
  private boolean ok = true;

  /**
   * @param home a folder for the zone files, the knotd instances, kdig's output and the results
   */
  XfrBench(Fleet fleet, Path home, Sizes sizes) {
    this.fleet = fleet;
    this.api = fleet.options().managementUrl() + "/api/v1";
    this.home = home;
    this.sizes = sizes;
  }

  /** Runs the phases, prints and writes the table; false when a check failed. */
  boolean run() throws Exception {
    Files.createDirectories(home);
    try {
      if (sizes.records() > 0) {
        axfr();
      }
      if (sizes.edits() > 0) {
        editToSecondary();
      }
      if (sizes.zones() > 0) {
        migration();
      }
    } finally {
      String table = table(rows);
      System.out.println();
      System.out.println("zone transfers and NOTIFY next to Knot:");
      System.out.println(table);
      Files.writeString(home.resolve("results.md"), table);
      System.out.println("(also in " + home.resolve("results.md") + ")");
    }
    return ok;
  }

  private NameserverProcess nameserver() {
    return fleet.nameservers().get(0);
  }

  private int knotPort() throws IOException {
    return KnotServer.freePort(fleet.options().dnsPort(1) + 100);
  }

  // ---- 1. AXFR of one large zone, felu next to Knot ----

  private void axfr() throws Exception {
    BenchZones set = new BenchZones(sizes.seed(), 1, sizes.records(), AXFR_SUFFIX);
    String zone = set.zoneName(0);
    Path dir = home.resolve("axfr");
    set.write(dir, 0);
    System.out.printf("AXFR: %s, %,d records%n", zone, sizes.records());
    long start = System.nanoTime();
    KnotBench.load(api, dir, List.of(zone));
    Bench.check(
        Http.send(
            "PUT", api + "/zones/" + zone + "/transfer", "{\"networks\":[\"127.0.0.1/32\"]}"));
    awaitServed(zone);
    System.out.printf("  felu: imported and served in %.1f s%n", Bench.millisSince(start) / 1000);

    try (KnotServer knot = new KnotServer(dir.resolve("knot"), knotPort())) {
      knot.start(
          KnotServer.primaryConfig(
              knot.rundir(),
              knot.storage(),
              BenchZones.zonesDir(dir),
              knot.port(),
              List.of(zone),
              null),
          zone);
      knot.awaitZones(List.of(zone), Duration.ofMinutes(5));
      int feluPort = nameserver().dnsPort();
      Path out = dir.resolve("kdig.out");
      // a warm-up each (felu's JIT, both servers' caches), then the rounds, alternating who is
      // first
      Axfr feluCold = kdigAxfr(feluPort, zone, out);
      Axfr knotCold = kdigAxfr(knot.port(), zone, out);
      double[] felu = new double[sizes.rounds()];
      double[] knotWall = new double[sizes.rounds()];
      double[] feluKdig = new double[sizes.rounds()];
      double[] knotKdig = new double[sizes.rounds()];
      List<Axfr> all = new ArrayList<>(List.of(feluCold, knotCold));
      long feluPid = nameserver().pid().orElseThrow();
      long feluTicks = 0;
      long knotTicks = 0;
      for (int r = 0; r < sizes.rounds(); r++) {
        Axfr f;
        Axfr k;
        // the server's CPU time around its transfer: steadier than wall time on a shared machine
        long before;
        if (r % 2 == 0) {
          before = KnotBench.cpuTicks(feluPid);
          f = kdigAxfr(feluPort, zone, out);
          feluTicks += KnotBench.cpuTicks(feluPid) - before;
          before = KnotBench.cpuTicks(knot.pid());
          k = kdigAxfr(knot.port(), zone, out);
          knotTicks += KnotBench.cpuTicks(knot.pid()) - before;
        } else {
          before = KnotBench.cpuTicks(knot.pid());
          k = kdigAxfr(knot.port(), zone, out);
          knotTicks += KnotBench.cpuTicks(knot.pid()) - before;
          before = KnotBench.cpuTicks(feluPid);
          f = kdigAxfr(feluPort, zone, out);
          feluTicks += KnotBench.cpuTicks(feluPid) - before;
        }
        felu[r] = f.wallMillis();
        feluKdig[r] = f.kdigMillis();
        knotWall[r] = k.wallMillis();
        knotKdig[r] = k.kdigMillis();
        all.add(f);
        all.add(k);
        System.out.printf(
            Locale.ROOT,
            "  round %d: felu %.1f ms, Knot %.1f ms (wall of kdig)%n",
            r + 1,
            f.wallMillis(),
            k.wallMillis());
      }
      long expected = sizes.records() + 1L; // the SOA ends the transfer again
      boolean same = all.stream().allMatch(a -> a.records() == expected);
      ok &= same;
      double feluMedian = Bench.percentile(felu, 50);
      double knotMedian = Bench.percentile(knotWall, 50);
      String what = String.format(Locale.ROOT, "%,d records", sizes.records());
      row(
          "AXFR of one zone of "
              + what
              + ", `kdig +tcp`, median of "
              + sizes.rounds()
              + " rounds after a warm-up each (kdig's wall time)",
          String.format(
              Locale.ROOT,
              "felu %s, Knot %s: felu / Knot %.2f%s",
              ms(feluMedian),
              ms(knotMedian),
              feluMedian / knotMedian,
              feluMedian <= knotMedian
                  ? " (goal ≤ 1 met)"
                  : String.format(
                      Locale.ROOT,
                      " (goal ≤ 1 missed by %.0f %%)",
                      100 * (feluMedian / knotMedian - 1))));
      row(
          "the same, the transfer as kdig times it (query sent → last message)",
          String.format(
              Locale.ROOT,
              "felu %s, Knot %s: felu / Knot %.2f",
              ms(Bench.percentile(feluKdig, 50)),
              ms(Bench.percentile(knotKdig, 50)),
              Bench.percentile(feluKdig, 50) / Bench.percentile(knotKdig, 50)));
      double feluCpu = 1000.0 * feluTicks / KnotBench.clockTicks() / sizes.rounds();
      double knotCpu = 1000.0 * knotTicks / KnotBench.clockTicks() / sizes.rounds();
      row(
          "the same, the server's CPU time (user + system, `/proc/<pid>/stat`) per AXFR, mean of"
              + " the rounds",
          String.format(
              Locale.ROOT,
              "felu %s, Knot %s: felu / Knot %.2f",
              ms(feluCpu),
              ms(knotCpu),
              feluCpu / knotCpu));
      row(
          "the same, fastest / slowest round",
          String.format(
              Locale.ROOT,
              "felu %s / %s, Knot %s / %s; warm-up transfer: felu %s, Knot %s",
              ms(Bench.percentile(felu, 0)),
              ms(Bench.percentile(felu, 100)),
              ms(Bench.percentile(knotWall, 0)),
              ms(Bench.percentile(knotWall, 100)),
              ms(feluCold.wallMillis()),
              ms(knotCold.wallMillis())));
      row(
          "the same, what was transferred",
          String.format(
              Locale.ROOT,
              "felu %,d records in %d messages (%,d bytes), Knot %,d records in %d messages"
                  + " (%,d bytes); %s",
              feluCold.records(),
              feluCold.messages(),
              feluCold.bytes(),
              knotCold.records(),
              knotCold.messages(),
              knotCold.bytes(),
              same
                  ? "every transfer " + expected + " records (SOA twice)"
                  : "COUNTS DIFFER, expected " + expected + " in every transfer"));
    }
  }

  /** One AXFR as kdig reported it. */
  record Axfr(double wallMillis, double kdigMillis, long bytes, int messages, long records) {}

  private static final Pattern KDIG_RECEIVED =
      Pattern.compile(";; Received (\\d+) B \\((\\d+) messages?, (\\d+) records?\\)");
  private static final Pattern KDIG_TIME = Pattern.compile(";; From \\S+ in ([0-9.]+) ms");

  /**
   * kdig's closing lines of a transfer ({@code ;; Received 3284571 B (26 messages, 100001
   * records)}, {@code ;; From 127.0.0.1@5401(TCP) in 412.3 ms}), with the wall time measured around
   * it; null when kdig printed no such lines (a refused or failed transfer).
   */
  static Axfr parseKdig(String output, double wallMillis) {
    Matcher received = KDIG_RECEIVED.matcher(output);
    Matcher time = KDIG_TIME.matcher(output);
    if (!received.find() || !time.find()) {
      return null;
    }
    return new Axfr(
        wallMillis,
        Double.parseDouble(time.group(1)),
        Long.parseLong(received.group(1)),
        Integer.parseInt(received.group(2)),
        Long.parseLong(received.group(3)));
  }

  /** {@code kdig +tcp AXFR} of {@code zone} from 127.0.0.1:{@code port}, its output to a file. */
  static Axfr kdigAxfr(int port, String zone, Path out) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
                KDIG.toString(),
                "@" + FleetOptions.HOST,
                "-p",
                Integer.toString(port),
                "+tcp",
                "+time=60",
                "+retry=0",
                zone,
                "AXFR")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    long start = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IOException("kdig AXFR of " + zone + " on port " + port + " took over 120 s");
    }
    double wall = Bench.millisSince(start);
    String text = Files.readString(out, StandardCharsets.UTF_8);
    Axfr axfr = parseKdig(text, wall);
    if (axfr == null) {
      String tail = text.substring(Math.max(0, text.length() - 2000));
      throw new IOException("kdig AXFR of " + zone + " on port " + port + " failed:\n" + tail);
    }
    return axfr;
  }

  // ---- 2. edit → served by a Knot secondary (NOTIFY → IXFR) ----

  private void editToSecondary() throws Exception {
    BenchZones set = new BenchZones(sizes.seed(), 1, NOTIFY_ZONE_RECORDS, NOTIFY_SUFFIX);
    String zone = set.zoneName(0);
    Path dir = home.resolve("notify");
    set.write(dir, 0);
    KnotBench.load(api, dir, List.of(zone));
    String keyName = "notify-bench.";
    String secret = tsigKey(keyName, zone);
    awaitServed(zone);
    NameserverProcess ns = nameserver();
    System.out.printf(
        "edit → Knot secondary: %s (%,d records), %d edits%n",
        zone, NOTIFY_ZONE_RECORDS, sizes.edits());

    try (KnotServer secondary = new KnotServer(dir.resolve("knot-secondary"), knotPort())) {
      secondary.start(
          KnotServer.secondaryConfig(
              secondary.rundir(),
              secondary.storage(),
              secondary.port(),
              zone,
              ns.dnsPort(),
              new KnotServer.Key(keyName, secret)),
          zone);
      secondary.awaitZones(List.of(zone), Duration.ofMinutes(2));
      Bench.check(
          Http.send(
              "PUT",
              api + "/zones/" + zone + "/notify",
              Json.createObjectBuilder()
                  .add(
                      "secondaries",
                      Json.createArrayBuilder()
                          .add(
                              Json.createObjectBuilder()
                                  .add("address", FleetOptions.HOST)
                                  .add("port", secondary.port())
                                  .add("key", keyName)))
                  .build()
                  .toString()));
      // the nameservers must know the secondary before an edit can NOTIFY it
      Await.until(
          "every nameserver knows the secondary to notify",
          Duration.ofMinutes(2),
          () -> SyncCheck.allInSync(fleet, api));
      SimpleResolver resolver = resolver(secondary.port());
      SimpleResolver felu = resolver(ns.dnsPort());

      // one edit not timed: it proves the chain works and warms it up
      editAndAwait(zone, felu, resolver, "warm", "198.19.255.254", Duration.ofSeconds(60));
      double[] millis = new double[sizes.edits()];
      double[] feluMillis = new double[sizes.edits()];
      double[] afterFelu = new double[sizes.edits()];
      StringBuilder each = new StringBuilder("# edit, ms until felu's nameserver, the secondary\n");
      for (int i = 0; i < sizes.edits(); i++) {
        String address = "198.19." + (i / 250) + "." + (i % 250 + 1);
        double[] t = editAndAwait(zone, felu, resolver, "e" + i, address, EDIT_TIMEOUT);
        feluMillis[i] = t[0];
        millis[i] = t[1];
        afterFelu[i] = t[1] - t[0];
        each.append(String.format(Locale.ROOT, "%d %.1f %.1f%n", i, t[0], t[1]));
      }
      Files.writeString(dir.resolve("edits.txt"), each);
      String log = secondary.log();
      int ixfrs = transfersIn(log, "IXFR");
      int axfrs = transfersIn(log, "AXFR");
      System.out.printf(
          Locale.ROOT,
          "  p50 %.1f ms, p99 %.1f ms, max %.1f ms; the secondary's log: %d IXFR, %d AXFR in%n",
          Bench.percentile(millis, 50),
          Bench.percentile(millis, 99),
          Bench.percentile(millis, 100),
          ixfrs,
          axfrs);
      row(
          "edit → served by a Knot secondary (REST `POST …/records` 2xx → NOTIFY → IXFR → the"
              + " secondary answers the record; polled every "
              + POLL.toMillis()
              + " ms), "
              + sizes.edits()
              + " edits of a "
              + String.format(Locale.ROOT, "%,d", NOTIFY_ZONE_RECORDS)
              + "-record zone, TSIG",
          String.format(
              Locale.ROOT,
              "p50 %s, p99 %s, max %s",
              ms(Bench.percentile(millis, 50)),
              ms(Bench.percentile(millis, 99)),
              ms(Bench.percentile(millis, 100))));
      row(
          "the same, split: until felu's nameserver answers it / from then until the secondary"
              + " does (NOTIFY, SOA query, IXFR)",
          String.format(
              Locale.ROOT,
              "p50 %s / %s, p99 %s / %s, max %s / %s",
              ms(Bench.percentile(feluMillis, 50)),
              ms(Bench.percentile(afterFelu, 50)),
              ms(Bench.percentile(feluMillis, 99)),
              ms(Bench.percentile(afterFelu, 99)),
              ms(Bench.percentile(feluMillis, 100)),
              ms(Bench.percentile(afterFelu, 100))));
      row(
          "the same, transfers in the secondary's log",
          String.format(
              Locale.ROOT,
              "%d IXFR (for %d edits, the warm-up included), %d AXFR (the first copy)",
              ixfrs,
              sizes.edits() + 1,
              axfrs));
    }
  }

  private static SimpleResolver resolver(int port) throws IOException {
    SimpleResolver r = new SimpleResolver(FleetOptions.HOST);
    r.setPort(port);
    r.setTimeout(Duration.ofSeconds(1));
    return r;
  }

  /**
   * Adds {@code label.zone A address} through REST and returns the milliseconds from its 2xx answer
   * until felu's nameserver answers it and until the secondary does, both polled.
   */
  private double[] editAndAwait(
      String zone,
      SimpleResolver felu,
      SimpleResolver secondary,
      String label,
      String address,
      Duration timeout)
      throws Exception {
    Name name = Name.fromString(label + "." + zone);
    String body = ApiJson.record(name.toString(), "A", 300, address).build().toString();
    Bench.check(Http.send("POST", api + "/zones/" + zone + "/records", body));
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    double atFelu = Double.NaN;
    while (true) {
      if (Double.isNaN(atFelu) && address.equals(answer(felu, name))) {
        atFelu = Bench.millisSince(start);
      }
      if (address.equals(answer(secondary, name))) {
        double atSecondary = Bench.millisSince(start);
        // served by the secondary before felu's answer was seen: felu served it no later
        return new double[] {Double.isNaN(atFelu) ? atSecondary : atFelu, atSecondary};
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the Knot secondary did not serve " + name + " within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static String answer(SimpleResolver r, Name name) {
    try {
      Message m = r.send(Message.newQuery(Record.newRecord(name, Type.A, DClass.IN)));
      List<Record> answer = m.getSection(Section.ANSWER);
      return answer.size() == 1 && answer.get(0) instanceof ARecord a
          ? a.getAddress().getHostAddress()
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * How many incoming transfers of {@code type} (IXFR or AXFR) Knot's log shows as finished ({@code
   * [zone.] IXFR, incoming, remote 127.0.0.1@5401 TSIG …, finished, 0.00 seconds, …}).
   */
  static int transfersIn(String knotLog, String type) {
    int n = 0;
    for (String line : knotLog.split("\n")) {
      if (line.contains("] " + type + ", incoming,") && line.contains(", finished,")) {
        n++;
      }
    }
    return n;
  }

  // ---- 3. migration of many zones from a Knot primary ----

  private void migration() throws Exception {
    BenchZones set =
        new BenchZones(sizes.seed(), sizes.zones(), sizes.zoneSize(), MIGRATION_SUFFIX);
    Path dir = home.resolve("migration");
    set.write(dir, 0);
    List<String> zones = set.zoneNames();
    String keyName = "migration-bench.";
    String secret = tsigKey(keyName, null);
    List<List<String>> batches = batches(zones, sizes.zoneSize());
    System.out.printf(
        "migration: %d zones × %d records from a Knot primary, %d requests%n",
        zones.size(), sizes.zoneSize(), batches.size());

    try (KnotServer knot = new KnotServer(dir.resolve("knot"), knotPort())) {
      long knotStart = System.nanoTime();
      knot.start(
          KnotServer.primaryConfig(
              knot.rundir(),
              knot.storage(),
              BenchZones.zonesDir(dir),
              knot.port(),
              zones,
              new KnotServer.Key(keyName, secret)),
          zones.get(0));
      knot.awaitZones(zones, Duration.ofMinutes(10));
      double knotLoad = Bench.millisSince(knotStart) / 1000;
      System.out.printf("  Knot: started and loaded the zone files in %.1f s%n", knotLoad);

      long start = System.nanoTime();
      AtomicInteger next = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Void>> clients = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          clients.add(
              pool.submit(
                  () -> {
                    for (int b = next.getAndIncrement();
                        b < batches.size();
                        b = next.getAndIncrement()) {
                      Bench.check(
                          Http.send(
                              "POST",
                              api + "/zones/transfer?dryRun=false",
                              migrationRequest(knot.port(), keyName, batches.get(b))));
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
      double imported = Bench.millisSince(start) / 1000;
      awaitServed(zones.get(zones.size() - 1));
      double served = Bench.millisSince(start) / 1000;

      // afterwards: every zone there, a sample zone with all its records
      String sample = set.zoneName(zones.size() / 2);
      int found = 0;
      int sampleRecords = -1;
      for (JsonValue v : ApiJson.array(Bench.check(Http.get(api + "/zones")).body())) {
        JsonObject z = v.asJsonObject();
        String name = z.getString("name");
        if (name.endsWith(MIGRATION_SUFFIX)) {
          found++;
        }
        if (name.equals(sample)) {
          sampleRecords = z.getInt("records");
        }
      }
      boolean verified = found == zones.size() && sampleRecords == sizes.zoneSize();
      ok &= verified;
      long records = set.records();
      System.out.printf(
          Locale.ROOT,
          "  imported in %.1f s, served after %.1f s; %d zones found, %s holds %d records%n",
          imported,
          served,
          found,
          sample,
          sampleRecords);
      row(
          String.format(
              Locale.ROOT,
              "migration of %,d zones × %,d records (%,d) from a Knot primary, `POST"
                  + " /zones/transfer` (TSIG; %d requests, ≤ %d zones each, two in flight)",
              zones.size(),
              sizes.zoneSize(),
              records,
              batches.size(),
              batches.get(0).size()),
          String.format(
              Locale.ROOT,
              "%.1f s: %.1f zones/s, %,.0f records/s; every nameserver serving them %.1f s after"
                  + " the first request",
              imported,
              zones.size() / imported,
              records / imported,
              served));
      row(
          "the same, checked afterwards (`GET /zones`)",
          String.format(
              Locale.ROOT,
              "%,d of %,d zones; %s: %,d records of %,d%s",
              found,
              zones.size(),
              sample,
              sampleRecords,
              sizes.zoneSize(),
              verified ? "" : " — MISMATCH"));
    }
  }

  /**
   * The zones split into migration requests: as many a request as {@code felu.import.max-zones} and
   * {@link #RECORDS_PER_REQUEST} allow, at least one.
   */
  static List<List<String>> batches(List<String> zones, int recordsPerZone) {
    int size = Math.max(1, Math.min(MAX_ZONES_PER_REQUEST, RECORDS_PER_REQUEST / recordsPerZone));
    List<List<String>> batches = new ArrayList<>();
    for (int from = 0; from < zones.size(); from += size) {
      batches.add(List.copyOf(zones.subList(from, Math.min(zones.size(), from + size))));
    }
    return batches;
  }

  private static String migrationRequest(int port, String keyName, List<String> zones) {
    JsonArrayBuilder names = Json.createArrayBuilder();
    zones.forEach(names::add);
    return Json.createObjectBuilder()
        .add("primary", FleetOptions.HOST)
        .add("port", port)
        .add("tsigKey", keyName)
        .add("zones", names)
        .build()
        .toString();
  }

  // ---- shared ----

  /** Makes an hmac-sha256 TSIG key, allowed to transfer {@code zone} when given; its secret. */
  private String tsigKey(String name, String zone) throws Exception {
    return zone == null ? TsigKeysApi.make(api, name) : TsigKeysApi.make(api, name, zone);
  }

  /** Waits until every nameserver holds the head revision and the first one answers the zone. */
  private void awaitServed(String zone) throws Exception {
    Name name = Name.fromString(zone);
    int port = nameserver().dnsPort();
    Await.until(
        "every nameserver serving " + zone,
        Duration.ofMinutes(30),
        () -> SyncCheck.allInSync(fleet, api) && KnotServer.answers(port, name) == Rcode.NOERROR);
  }

  private void row(String what, String result) {
    rows.add(new String[] {what, result});
  }

  /** The results as a Markdown table of two columns. */
  static String table(List<String[]> rows) {
    StringBuilder t = new StringBuilder("| what | result |\n| --- | --- |\n");
    for (String[] r : rows) {
      t.append("| ").append(r[0]).append(" | ").append(r[1]).append(" |\n");
    }
    return t.toString();
  }

  /** Milliseconds as the tables show them: a tenth below 100 ms, whole ms below 10 s, else s. */
  static String ms(double millis) {
    if (millis < 100) {
      return String.format(Locale.ROOT, "%.1f ms", millis);
    }
    return millis < 10_000
        ? String.format(Locale.ROOT, "%.0f ms", millis)
        : String.format(Locale.ROOT, "%.1f s", millis / 1000);
  }
}
