package dev.felu.fleet;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Many zones: creates {@code count} small zones through the REST API, then measures what an
 * operator with that many zones waits for — the zone list page and its search in the admin UI
 * (logged in through the login form, the search as the browser's ajax request), the dashboard, and
 * the paged REST list — and checks that every nameserver serves them. Part of {@link Bench}.
 */
final class ZoneListBench {
  private static final String SUFFIX = ".many.test.";
  private static final int ROUNDS = 50;

  private final Fleet fleet;
  private final String api;
  private final String ui;
  private final int count;
  private final Random random = new Random(42);

  ZoneListBench(Fleet fleet, int count) {
    this.fleet = fleet;
    this.ui = fleet.options().managementUrl();
    this.api = ui + "/api/v1";
    this.count = count;
  }

  void run() throws Exception {
    create();
    long start = System.nanoTime();
    Await.until(
        "all nameservers hold the " + count + " zones",
        Duration.ofMinutes(30),
        () -> SyncCheck.allInSync(fleet, api));
    System.out.printf(
        "  all nameservers in sync %.1f s after the last zone was created%n",
        Bench.millisSince(start) / 1000);
    served();
    rest();
    ui();
  }

  private static String zone(int i) {
    return String.format("z%05d", i) + SUFFIX;
  }

  /** Four clients create the zones, each with an NS and an A record. */
  private void create() throws Exception {
    long start = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Void>> clients = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        clients.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    Bench.check(
                        Http.send(
                            "POST",
                            api + "/zones",
                            ApiJson.zone(
                                zone(i),
                                ApiJson.record("@", "NS", "ns1.many.test."),
                                ApiJson.record("www", "A", address(i)))));
                  }
                  return null;
                }));
      }
      for (Future<Void> f : clients) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = Bench.millisSince(start) / 1000;
    System.out.printf(
        "%d zones (SOA, NS, A each) created through the REST API by 4 clients in %.1f s"
            + " (%.0f zones/s)%n",
        count, seconds, count / seconds);
  }

  private static String address(int i) {
    return "10." + ((i >> 16) & 0xFF) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF);
  }

  /** Asks each nameserver for the A record of a few random zones. */
  private void served() throws IOException {
    for (NameserverProcess ns : fleet.nameservers()) {
      SimpleResolver r = new SimpleResolver(FleetOptions.HOST);
      r.setPort(ns.dnsPort());
      r.setTimeout(Duration.ofSeconds(2));
      for (int k = 0; k < 20; k++) {
        int i = random.nextInt(count);
        Message m =
            r.send(
                Message.newQuery(
                    Record.newRecord(Name.fromString("www." + zone(i)), Type.A, DClass.IN)));
        List<Record> answer = m.getSection(Section.ANSWER);
        if (answer.size() != 1
            || !(answer.get(0) instanceof ARecord a)
            || !a.getAddress().getHostAddress().equals(address(i))) {
          throw new IllegalStateException(ns.name() + " does not serve www." + zone(i) + ": " + m);
        }
      }
    }
    System.out.println("  every nameserver answers www.<zone> A for 20 random zones correctly");
  }

  private void rest() throws Exception {
    double[] pages = new double[ROUNDS];
    double[] searches = new double[ROUNDS];
    for (int k = 0; k < ROUNDS; k++) {
      int page = random.nextInt(count / 25);
      long start = System.nanoTime();
      HttpResponse<String> r = Bench.check(Http.get(api + "/zones?size=25&page=" + page));
      pages[k] = Bench.millisSince(start);
      expect(r.body(), zone(page * 25), "REST page " + page);

      int i = random.nextInt(count);
      String part = String.format("%05d", i).substring(1); // matches about 10 zones
      start = System.nanoTime();
      r = Bench.check(Http.get(api + "/zones?size=25&search=" + part));
      searches[k] = Bench.millisSince(start);
      expect(r.body(), zone(i), "REST search " + part);
    }
    long start = System.nanoTime();
    HttpResponse<String> all = Bench.check(Http.get(api + "/zones"));
    double whole = Bench.millisSince(start);
    int listed = ApiJson.array(all.body()).size();
    if (listed < count) {
      throw new IllegalStateException("GET /zones listed " + listed + " zones, expected " + count);
    }
    System.out.printf(
        "  REST GET /zones?size=25&page=N     p50 %.1f ms  p99 %.1f ms%n"
            + "  REST GET /zones?size=25&search=…  p50 %.1f ms  p99 %.1f ms%n"
            + "  REST GET /zones (all %d)          %.0f ms%n",
        Bench.percentile(pages, 50),
        Bench.percentile(pages, 99),
        Bench.percentile(searches, 50),
        Bench.percentile(searches, 99),
        listed,
        whole);
  }

  private void ui() throws Exception {
    UiSession session = UiSession.login(ui, AdminPassword.USERNAME, fleet.adminPassword());
    double[] lists = new double[ROUNDS];
    double[] searches = new double[ROUNDS];
    double[] dashboards = new double[ROUNDS];
    for (int k = 0; k < ROUNDS; k++) {
      long start = System.nanoTime();
      HttpResponse<String> list = check(session.get("/zones.xhtml"));
      lists[k] = Bench.millisSince(start);
      expect(list.body(), zone(0), "zone list page");

      int i = random.nextInt(count);
      String part = String.format("%05d", i).substring(1);
      start = System.nanoTime();
      HttpResponse<String> found =
          check(
              session.ajax(
                  "/zones.xhtml",
                  list.body(),
                  "list",
                  "list:search",
                  "keyup",
                  "list:zones",
                  Map.of("list:search", part)));
      searches[k] = Bench.millisSince(start);
      expect(found.body(), zone(i), "zone list search " + part);

      start = System.nanoTime();
      HttpResponse<String> dashboard = check(session.get("/index.xhtml"));
      dashboards[k] = Bench.millisSince(start);
      expect(dashboard.body(), "Zones:", "dashboard");
    }
    System.out.printf(
        "  UI zone list page (first 25 of %d)  p50 %.1f ms  p99 %.1f ms%n"
            + "  UI search as you type (ajax)       p50 %.1f ms  p99 %.1f ms%n"
            + "  UI dashboard                       p50 %.1f ms  p99 %.1f ms%n",
        count,
        Bench.percentile(lists, 50),
        Bench.percentile(lists, 99),
        Bench.percentile(searches, 50),
        Bench.percentile(searches, 99),
        Bench.percentile(dashboards, 50),
        Bench.percentile(dashboards, 99));
  }

  private static HttpResponse<String> check(HttpResponse<String> r) throws IOException {
    if (r.statusCode() != 200) {
      throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
    }
    return r;
  }

  private static void expect(String body, String text, String what) {
    if (!body.contains(text)) {
      throw new IllegalStateException(
          what + " does not show " + text + ": " + body.substring(0, Math.min(500, body.length())));
    }
  }
}
