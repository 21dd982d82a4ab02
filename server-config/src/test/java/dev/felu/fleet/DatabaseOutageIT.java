package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A database outage in a real fleet (issue 16 item 5): PostgreSQL is stopped between edits. While
 * it is down the API answers 503 problem documents with {@code Retry-After} within a bounded time
 * (no request hangs), a logged-in page shows the banner instead of the error page, readiness is
 * DOWN naming the database, and both nameservers keep answering the last configuration. Started
 * again, edits succeed without any restart, every nameserver converges to the head, and the head
 * revision moved on by exactly the edits that were acknowledged (none lost, none applied twice).
 * Then a backup of the database restored under the running nameservers is what they serve.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseOutageIT {
  private static final String ZONE = "outage.test.";

  /** The most an API request may take while the database is down. */
  private static final Duration BOUND = Duration.ofSeconds(15);

  private static final Duration CONVERGE = Duration.ofSeconds(120);
  private static Fleet fleet;
  private static String api;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = TestFleets.start("felu.fleet.outage-it.home", "target/fleet-outage-it");
    api = fleet.options().managementUrl() + "/api/v1";
    HttpResponse<String> made =
        Http.send(
            "POST",
            api + "/zones",
            ApiJson.zone(
                ZONE,
                ApiJson.record("@", "NS", 3600, "ns1." + ZONE),
                ApiJson.record("www", "A", 300, "192.0.2.10")));
    assertEquals(201, made.statusCode(), made.body());
  }

  @AfterAll
  static void stopFleet() throws Exception {
    if (fleet != null) {
      fleet.startDatabase(); // a failed test may have left it stopped: the fleet stops cleanly
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void anOutageIsToldWithinBoundsAndHealsByItself() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(201, edit(i).statusCode());
    }
    long before = headRevision();
    UiSession ui =
        UiSession.login(
            fleet.options().managementUrl(), AdminPassword.USERNAME, fleet.adminPassword());
    assertEquals(200, ui.get("/zones.xhtml").statusCode());
    awaitServed(2);

    fleet.stopDatabase();

    long started = System.nanoTime();
    HttpResponse<String> refused = edit(3);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(503, refused.statusCode(), refused.body());
    assertTrue(took.compareTo(BOUND) < 0, "an edit took " + took + " to be refused");
    assertEquals(
        "application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
    JsonObject problem = ApiJson.object(refused.body());
    assertTrue(problem.getString("type").endsWith("database-unavailable"), refused.body());
    assertTrue(problem.getString("detail").contains("database cannot be reached"), refused.body());
    assertEquals("5", refused.headers().firstValue("Retry-After").orElse(""));

    started = System.nanoTime();
    HttpResponse<String> list = Http.get(api + "/zones");
    took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(503, list.statusCode(), list.body());
    assertTrue(took.compareTo(BOUND) < 0, "listing zones took " + took);

    HttpResponse<String> page = ui.get("/zones.xhtml");
    assertEquals(503, page.statusCode(), page.body());
    assertTrue(page.body().contains("The database cannot be reached"), page.body());

    HttpResponse<String> ready = Http.get(fleet.options().managementUrl() + "/health/ready");
    assertEquals(503, ready.statusCode(), ready.body());
    assertEquals("DOWN", check(ready.body(), "database").getString("status"), ready.body());
    // nothing to restart: liveness stays UP
    HttpResponse<String> live = Http.get(fleet.options().managementUrl() + "/health/live");
    assertEquals(200, live.statusCode(), live.body());

    // the nameservers answer from what they hold: the last edit before the outage
    for (NameserverProcess ns : fleet.nameservers()) {
      assertEquals(List.of("edit 2"), txt(ns, 2), ns.name());
    }

    fleet.startDatabase();

    // no restart of anything: the pool reconnects, the next edit goes through
    assertEquals(201, editUntilAccepted(3).statusCode());
    for (int i = 4; i < 6; i++) {
      assertEquals(201, edit(i).statusCode());
    }
    assertEquals(200, ui.get("/zones.xhtml").statusCode());
    for (NameserverProcess ns : fleet.nameservers()) {
      Await.until(
          ns.name() + " at the head revision", CONVERGE, () -> SyncCheck.inSync(api, ns.name()));
    }
    for (int i = 0; i < 6; i++) {
      awaitServed(i);
    }
    // ready again by itself (the fleet checks that stalled on the registry resume), and the edits
    // acknowledged after the outage (3, 4, 5) are the only revisions it made
    Await.until(
        "/health/ready UP again",
        CONVERGE,
        () -> Http.get(fleet.options().managementUrl() + "/health/ready").statusCode() == 200);
    assertEquals(before + 3, headRevision());
  }

  /**
   * A file-system backup of the database restored under a stopped management server: the
   * nameservers, which hold a newer revision, are brought back to the restored head (a snapshot),
   * so a record made after the backup is gone from them and one made before is still there; edits
   * go on from there.
   */
  @Test
  @Order(2)
  void aRestoredBackupIsWhatTheFleetServes() throws Exception {
    assertEquals(201, editUntilAccepted(100).statusCode());
    awaitServed(100);
    Path data = fleet.options().home().resolve("pgdata");
    Path backup = fleet.options().home().resolve("pgdata-backup");
    fleet.stopDatabase();
    copyTree(data, backup);
    fleet.startDatabase();
    assertEquals(201, editUntilAccepted(101).statusCode());
    awaitServed(101);

    fleet.stopManagement();
    fleet.stopDatabase();
    Processes.deleteTree(data);
    copyTree(backup, data);
    fleet.startDatabase();
    fleet.startManagement();

    for (NameserverProcess ns : fleet.nameservers()) {
      Await.until(
          ns.name() + " back at the restored head",
          CONVERGE,
          () -> SyncCheck.inSync(api, ns.name()) && txt(ns, 101).isEmpty());
      assertEquals(List.of("edit 100"), txt(ns, 100), ns.name());
    }
    assertEquals(201, editUntilAccepted(102).statusCode());
    awaitServed(102);
  }

  /** Edit {@code i}, repeated while the API answers 503 (the database coming back). */
  private static HttpResponse<String> editUntilAccepted(int i) throws Exception {
    return Await.until(
        "edit " + i + " accepted",
        CONVERGE,
        () -> {
          HttpResponse<String> r = edit(i);
          assertTrue(r.statusCode() == 201 || r.statusCode() == 503, r.body());
          return r.statusCode() == 201 ? r : null;
        });
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        // directories too, with their modes: PostgreSQL refuses a data directory others may read
        java.nio.file.Files.copy(f, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  private static HttpResponse<String> edit(int i) throws Exception {
    return Http.send(
        "POST",
        api + "/zones/" + ZONE + "/records",
        ApiJson.record("e" + i, "TXT", 60, "\"edit " + i + "\"").build().toString());
  }

  /** The head revision, as readiness reports it (its database check reads it). */
  private static long headRevision() throws Exception {
    HttpResponse<String> r = Http.get(fleet.options().managementUrl() + "/health/ready");
    assertEquals(200, r.statusCode(), r.body());
    jakarta.json.JsonValue revision =
        check(r.body(), "database").getJsonObject("data").get("revision");
    return revision instanceof jakarta.json.JsonNumber n
        ? n.longValue()
        : Long.parseLong(((jakarta.json.JsonString) revision).getString());
  }

  private static JsonObject check(String health, String name) {
    return ApiJson.object(health).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(c -> name.equals(c.getString("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " check: " + health));
  }

  private static void awaitServed(int i) throws Exception {
    for (NameserverProcess ns : fleet.nameservers()) {
      Await.until(
          ns.name() + " serves e" + i, CONVERGE, () -> List.of("edit " + i).equals(txt(ns, i)));
    }
  }

  /** The TXT strings a nameserver answers for e{@code i}, over UDP (none: NXDOMAIN). */
  private static List<String> txt(NameserverProcess ns, int i) throws Exception {
    SimpleResolver resolver = new SimpleResolver(FleetOptions.HOST);
    resolver.setPort(ns.dnsPort());
    resolver.setTimeout(Duration.ofSeconds(2));
    Message m =
        resolver.send(
            Message.newQuery(
                Record.newRecord(Name.fromString("e" + i + "." + ZONE), Type.TXT, DClass.IN)));
    if (m.getRcode() == Rcode.NXDOMAIN) {
      return List.of();
    }
    assertEquals(Rcode.NOERROR, m.getRcode(), ns.name() + " e" + i + ": " + m);
    return m.getSection(Section.ANSWER).stream()
        .map(r -> ((TXTRecord) r).getStrings())
        .findFirst()
        .orElse(List.of());
  }
}
