package dev.felu.fleet;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Random;

/**
 * One large zone beside a small one: imports 10, then {@code size} A records from a zone file
 * through the REST API (a dry run, then the import), and for each zone then measures what an
 * operator with such a zone waits for — the zone editor page (its first 50 records), the editor's
 * search as the browser's ajax request, a page of {@code GET /zones/{zone}/records}, and the
 * streamed zone file export. Part of {@link Bench} ({@code --zone-records N}).
 */
final class ZoneRecordsBench {
  private static final int ROUNDS = 50;

  private final Fleet fleet;
  private final String api;
  private final String ui;
  private final int size;
  private String zone;
  private final Random random = new Random(42);

  ZoneRecordsBench(Fleet fleet, int size) {
    this.fleet = fleet;
    this.ui = fleet.options().managementUrl();
    this.api = ui + "/api/v1";
    this.size = size;
  }

  /** The figures for a 10-record zone first (the baseline), then for one of {@code size}. */
  void run() throws Exception {
    measure(10);
    measure(size);
  }

  private void measure(int size) throws Exception {
    zone = "r" + size + ".large.test.";
    Bench.check(Http.send("POST", api + "/zones", ApiJson.of("name", zone)));
    StringBuilder file = new StringBuilder("$TTL 300\n");
    for (int i = 0; i < size; i++) {
      file.append(owner(i)).append(" A ").append(address(i)).append('\n');
    }
    long start = System.nanoTime();
    Bench.check(Http.send("PUT", api + "/zones/" + zone + "/file?dryRun=true", file.toString()));
    double preview = Bench.millisSince(start);
    start = System.nanoTime();
    Bench.check(Http.send("PUT", api + "/zones/" + zone + "/file", file.toString()));
    double imported = Bench.millisSince(start);
    System.out.printf(
        "zone of %d records: import preview %.1f s, import %.1f s%n",
        size, preview / 1000, imported / 1000);

    double[] pages = new double[ROUNDS];
    for (int k = 0; k < ROUNDS; k++) {
      int page = random.nextInt(Math.max(1, size / 100));
      start = System.nanoTime();
      HttpResponse<String> r =
          Bench.check(Http.get(api + "/zones/" + zone + "/records?size=100&page=" + page));
      pages[k] = Bench.millisSince(start);
      if (ApiJson.array(r.body()).isEmpty()) {
        throw new IllegalStateException("REST records page " + page + " is empty");
      }
    }
    start = System.nanoTime();
    HttpResponse<String> file2 = Bench.check(Http.get(api + "/zones/" + zone + "/file"));
    double export = Bench.millisSince(start);
    expect(file2.body(), owner(size - 1) + "." + zone, "zone file export");

    UiSession session = UiSession.login(ui, AdminPassword.USERNAME, fleet.adminPassword());
    double[] editor = new double[ROUNDS];
    double[] searches = new double[ROUNDS];
    int html = 0;
    for (int k = 0; k < ROUNDS; k++) {
      start = System.nanoTime();
      HttpResponse<String> page = check(session.get("/zone.xhtml?name=" + zone));
      editor[k] = Bench.millisSince(start);
      expect(page.body(), owner(0) + "." + zone, "zone editor page");
      html = page.body().length();

      int i = random.nextInt(size);
      start = System.nanoTime();
      HttpResponse<String> found =
          check(
              session.ajax(
                  "/zone.xhtml?name=" + zone,
                  page.body(),
                  "records",
                  "records:search",
                  "keyup",
                  "records:table",
                  Map.of("records:search", owner(i))));
      searches[k] = Bench.millisSince(start);
      expect(found.body(), owner(i) + "." + zone, "zone editor search " + owner(i));
    }
    System.out.printf(
        "  UI zone editor page (first 50 of %d, %d chars)  p50 %.1f ms  p99 %.1f ms%n"
            + "  UI editor search as you type (ajax)          p50 %.1f ms  p99 %.1f ms%n"
            + "  REST GET /zones/{zone}/records?size=100&page=N  p50 %.1f ms  p99 %.1f ms%n"
            + "  REST GET /zones/{zone}/file (streamed, %d chars)  %.0f ms%n",
        size,
        html,
        Bench.percentile(editor, 50),
        Bench.percentile(editor, 99),
        Bench.percentile(searches, 50),
        Bench.percentile(searches, 99),
        Bench.percentile(pages, 50),
        Bench.percentile(pages, 99),
        file2.body().length(),
        export);
  }

  private static String owner(int i) {
    return String.format("h%06d", i);
  }

  private static String address(int i) {
    return "10." + ((i >> 16) & 0xFF) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF);
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
