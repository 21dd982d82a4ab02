package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
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
 * Config distribution under faults, with real processes on loopback: every config link runs through
 * a {@link FaultProxy} that refuses, delays, stalls and cuts connections mid-message; nameservers
 * are killed with SIGKILL mid-push; PostgreSQL is stopped between edits; the management server
 * restarts on a restored backup. After each, every nameserver must hold the head revision with the
 * head hash and serve every change that was made.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultIT {
  private static final String ZONE = "fault.test.";
  private static final long SEED = Long.getLong("felu.fault.seed", System.nanoTime());

  /**
   * Generous: a link that failed often waits out its backoff (at most 60 s) before reconnecting.
   */
  private static final Duration CONVERGE = Duration.ofSeconds(150);

  /** The most an API request may take while the database is down. */
  private static final Duration OUTAGE_BOUND = Duration.ofSeconds(15);

  private static final String OUTAGE_ZONE = "outage.test.";

  private static Fleet fleet;
  private static String api;
  private static final List<FaultProxy> proxies = new ArrayList<>();
  private static final AtomicInteger changes = new AtomicInteger();

  @BeforeAll
  static void startFleetBehindFaultyLinks() throws Exception {
    System.out.println("FaultIT seed " + SEED + " (replay with -Dfelu.fault.seed=" + SEED + ")");
    fleet = TestFleets.start("felu.fault.it.home", "target/fault-it");
    api = fleet.options().managementUrl() + "/api/v1";
    HttpResponse<String> zone =
        Http.send(
            "POST",
            api + "/zones",
            ApiJson.zone(
                "fault.test.",
                ApiJson.record(
                    "@",
                    "SOA",
                    3600,
                    "ns1.fault.test. hostmaster.fault.test. 1 3600 600 1209600 60"),
                ApiJson.record("@", "NS", 3600, "ns1.fault.test.")));
    assertEquals(201, zone.statusCode(), zone.body());
    HttpResponse<String> outage =
        Http.send(
            "POST",
            api + "/zones",
            ApiJson.zone(
                OUTAGE_ZONE,
                ApiJson.record("@", "NS", 3600, "ns1." + OUTAGE_ZONE),
                ApiJson.record("www", "A", 300, "192.0.2.10")));
    assertEquals(201, outage.statusCode(), outage.body());
    int i = 0;
    for (NameserverProcess ns : fleet.nameservers()) {
      java.net.URI direct = java.net.URI.create(ns.configUrl());
      FaultProxy proxy = new FaultProxy(direct.getPort(), SEED + i++);
      proxies.add(proxy);
      String viaProxy =
          new java.net.URI(
                  direct.getScheme(),
                  null,
                  direct.getHost(),
                  proxy.port(),
                  direct.getPath(),
                  null,
                  null)
              .toString();
      HttpResponse<String> put =
          Http.send("PUT", api + "/nameservers/" + ns.name(), ApiJson.of("configUrl", viaProxy));
      assertEquals(200, put.statusCode(), put.body());
    }
    for (FaultProxy p : proxies) {
      Await.until("a config link through the proxy", CONVERGE, () -> p.connections.get() > 0);
    }
    awaitConverged();
  }

  @AfterAll
  static void stopFleet() throws Exception {
    for (FaultProxy p : proxies) {
      p.close();
    }
    if (fleet != null) {
      fleet.startDatabase(); // a failed test may have left it stopped: the fleet stops cleanly
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void everyOneOfAThousandChangesIsServedAfterFlakyLinks() throws Exception {
    proxies.forEach(p -> p.faults(true));
    makeChanges(1000);
    proxies.forEach(p -> p.faults(false));
    long cuts = proxies.stream().mapToLong(p -> p.cuts.get() + p.refused.get()).sum();
    System.out.printf(
        "FaultIT: 1000 changes through faulty links: %d connections, %d refused, %d cut, %d"
            + " delayed%n",
        proxies.stream().mapToLong(p -> p.connections.get()).sum(),
        proxies.stream().mapToLong(p -> p.refused.get()).sum(),
        proxies.stream().mapToLong(p -> p.cuts.get()).sum(),
        proxies.stream().mapToLong(p -> p.delays.get()).sum());
    assertTrue(cuts > 0, "the proxies injected no faults; the test proved nothing");
    awaitConverged();
    assertEveryChangeServed();
  }

  @Test
  @Order(2)
  void aNameserverKilledMidPushCatchesUpAfterRestart() throws Exception {
    NameserverProcess ns1 = fleet.nameserver("ns1");
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      Future<?> stream =
          background.submit(
              () -> {
                makeChanges(200);
                return null;
              });
      int before = changes.get();
      Await.until("50 changes made", Duration.ofSeconds(60), () -> changes.get() >= before + 50);
      ns1.kill();
      assertTrue(!ns1.isRunning(), "ns1 killed");
      stream.get();
    } finally {
      background.shutdownNow();
    }
    ns1.start();
    awaitConverged();
    assertEveryChangeServed();
  }

  /**
   * A database outage (issue 16 item 5): PostgreSQL is stopped between edits. While it is down the
   * API answers 503 problem documents with {@code Retry-After} within a bounded time (no request
   * hangs), a logged-in page shows the banner instead of the error page, readiness is DOWN naming
   * the database while liveness stays UP, and both nameservers keep answering the last
   * configuration. Started again, edits succeed without any restart, every nameserver converges to
   * the head, and the head revision moved on by exactly the edits that were acknowledged (none
   * lost, none applied twice). While the database is down its files are copied: the backup the next
   * test restores.
   */
  @Test
  @Order(3)
  void aDatabaseOutageIsToldWithinBoundsAndHealsByItself() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(201, outageEdit(i).statusCode());
    }
    long before = headRevision();
    UiSession ui = UiSession.login(management(), AdminPassword.USERNAME, fleet.adminPassword());
    assertEquals(200, ui.get("/zones.xhtml").statusCode());
    awaitOutageEditServed(2);

    fleet.stopDatabase();
    try {
      long started = System.nanoTime();
      HttpResponse<String> refused = outageEdit(3);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertEquals(503, refused.statusCode(), refused.body());
      assertTrue(took.compareTo(OUTAGE_BOUND) < 0, "an edit took " + took + " to be refused");
      assertEquals(
          "application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
      JsonObject problem = json(refused.body());
      assertTrue(problem.getString("type").endsWith("database-unavailable"), refused.body());
      assertTrue(
          problem.getString("detail").contains("database cannot be reached"), refused.body());
      assertEquals("5", refused.headers().firstValue("Retry-After").orElse(""));

      started = System.nanoTime();
      HttpResponse<String> list = Http.get(api + "/zones");
      took = Duration.ofNanos(System.nanoTime() - started);
      assertEquals(503, list.statusCode(), list.body());
      assertTrue(took.compareTo(OUTAGE_BOUND) < 0, "listing zones took " + took);

      HttpResponse<String> page = ui.get("/zones.xhtml");
      assertEquals(503, page.statusCode(), page.body());
      assertTrue(page.body().contains("The database cannot be reached"), page.body());

      HttpResponse<String> ready = Http.get(management() + "/health/ready");
      assertEquals(503, ready.statusCode(), ready.body());
      assertEquals("DOWN", check(ready.body(), "database").getString("status"), ready.body());
      // nothing to restart: liveness stays UP
      HttpResponse<String> live = Http.get(management() + "/health/live");
      assertEquals(200, live.statusCode(), live.body());

      // the nameservers answer from what they hold: the last edit before the outage
      for (NameserverProcess ns : fleet.nameservers()) {
        assertEquals(List.of("edit 2"), outageTxt(ns, 2), ns.name());
      }
      copyTree(pgdata(), backup()); // a consistent file-system backup: nothing writes to it now
    } finally {
      fleet.startDatabase();
    }

    // no restart of anything: the pool reconnects, the next edit goes through
    assertEquals(201, outageEditUntilAccepted(3).statusCode());
    for (int i = 4; i < 6; i++) {
      assertEquals(201, outageEdit(i).statusCode());
    }
    assertEquals(200, ui.get("/zones.xhtml").statusCode());
    awaitConverged();
    for (int i = 0; i < 6; i++) {
      awaitOutageEditServed(i);
    }
    // ready again by itself (the fleet checks that stalled on the registry resume), and the edits
    // acknowledged after the outage (3, 4, 5) are the only revisions it made
    Await.until(
        "/health/ready UP again",
        CONVERGE,
        () -> Http.get(management() + "/health/ready").statusCode() == 200);
    assertEquals(before + 3, headRevision());
  }

  /**
   * The management server stops: the nameservers keep answering from memory. It comes back on the
   * backup the outage test took (a file-system restore under a stopped management server): the
   * nameservers, which hold a newer revision, are brought back to the restored head (a snapshot),
   * so the edits made after the backup are gone from them and everything made before is still
   * there; edits go on from there.
   */
  @Test
  @Order(4)
  void nameserversServeWhileManagementIsDownThenFollowARestoredBackup() throws Exception {
    assertTrue(Files.isDirectory(backup()), "the outage test took no backup");
    fleet.stopManagement();
    // the nameservers answer from memory, management or not
    assertEveryChangeServed();
    assertEquals(List.of("edit 5"), outageTxt(fleet.nameservers().get(0), 5));

    fleet.stopDatabase();
    Processes.deleteTree(pgdata());
    copyTree(backup(), pgdata());
    fleet.startDatabase();
    fleet.startManagement();

    for (NameserverProcess ns : fleet.nameservers()) {
      Await.until(
          ns.name() + " back at the restored head",
          CONVERGE,
          () -> SyncCheck.inSync(api, ns.name()) && outageTxt(ns, 3).isEmpty());
      assertEquals(List.of("edit 2"), outageTxt(ns, 2), ns.name());
      assertEquals(List.of(), outageTxt(ns, 5), ns.name());
    }
    makeChanges(20);
    awaitConverged();
    assertEveryChangeServed();
  }

  /**
   * The bug this guards against: a connect that never finished held the checks forever, and nothing
   * said so. Now a nameserver that accepts TCP and never answers the handshake is reported within
   * 30 s with the reason, the check rounds keep completing, the other nameserver keeps receiving
   * changes, and the stuck one catches up by itself once its peer answers again.
   */
  @Test
  @Order(5)
  void aHandshakeThatNeverAnswersStallsNothingButItsOwnLink() throws Exception {
    FaultProxy ns1 = proxies.get(0);
    ns1.blackhole(true);
    ns1.cutAll();
    try {
      Await.until(
          "ns1's link reported failing: the handshake did not finish in time",
          Duration.ofSeconds(30),
          () ->
              json(Http.get(api + "/nameservers/ns1").body())
                  .getJsonObject("status")
                  .getString("lastError", "")
                  .contains("handshake did not finish within"));
      Await.until(
          "ns1 DOWN (two failed checks in a row)",
          Duration.ofSeconds(30),
          () ->
              "DOWN"
                  .equals(
                      json(Http.get(api + "/nameservers/ns1").body())
                          .getJsonObject("health")
                          .getString("state")));
      makeChanges(10);
      Await.until("ns2 at the head revision", CONVERGE, () -> SyncCheck.inSync(api, "ns2"));
      assertDriverNotStalled();
      PrometheusText metrics = PrometheusText.scrape(management() + "/metrics");
      assertEquals(0, metrics.value("felu_nameserver_connected", "nameserver", "ns1"));
      assertEquals(0, metrics.value("felu_fleet_checks_stalled"));
      assertTrue(
          SyncCheck.inSync(api, "ns2") && !SyncCheck.inSync(api, "ns1"),
          "ns1 cannot have the changes made while it hangs");
    } finally {
      ns1.blackhole(false);
      ns1.cutAll();
    }
    awaitConverged();
    assertEveryChangeServed();
  }

  /**
   * A nameserver that takes requests and never replies: the check's reply deadline closes the link,
   * the next check connects anew, and the changes made meanwhile arrive — no restart, no stall.
   */
  @Test
  @Order(6)
  void aLinkThatNeverRepliesIsClosedAndReconnectedByTheNextCheck() throws Exception {
    FaultProxy ns1 = proxies.get(0);
    String failed = "felu_nameserver_checks_failed_total";
    double failedBefore =
        PrometheusText.scrape(management() + "/metrics").value(failed, "nameserver", "ns1");
    long connectionsBefore = ns1.connections.get();
    ns1.muteOpenConnections();
    makeChanges(5);
    Await.until(
        "a failed check of ns1 counted",
        Duration.ofSeconds(30),
        () ->
            PrometheusText.scrape(management() + "/metrics").value(failed, "nameserver", "ns1")
                > failedBefore);
    awaitConverged();
    assertTrue(ns1.connections.get() > connectionsBefore, "ns1 was reached on a new connection");
    assertDriverNotStalled();
    assertEveryChangeServed();
  }

  /**
   * The watchdog, end to end: while the nameserver registry cannot be read (its table locked, as a
   * long migration or a stuck transaction would), /health/ready, the metrics and the dashboard say
   * within 30 s that the fleet checks stalled and why; the links it already knows keep being synced
   * (changes still reach every nameserver); once the lock goes, it heals by itself.
   */
  @Test
  @Order(7)
  void aRegistryThatCannotBeReadIsAStallShownEverywhereThatHealsByItself() throws Exception {
    String ready = management() + "/health/ready";
    try (Connection db =
        DriverManager.getConnection(
            "jdbc:postgresql://" + FleetOptions.HOST + ":" + fleet.options().dbPort() + "/felu",
            "postgres",
            "")) {
      db.setAutoCommit(false);
      try (Statement lock = db.createStatement()) {
        lock.execute("LOCK TABLE nameserver IN ACCESS EXCLUSIVE MODE");
      }
      HttpResponse<String> down =
          Await.until(
              "/health/ready DOWN with the stall",
              Duration.ofSeconds(30),
              () -> {
                HttpResponse<String> r = Http.get(ready);
                return r.statusCode() == 503 && r.body().contains("fleet checks stalled since")
                    ? r
                    : null;
              });
      assertTrue(down.body().contains("nameserver registry"), down.body());
      assertEquals(
          1, PrometheusText.scrape(management() + "/metrics").value("felu_fleet_checks_stalled"));
      UiSession ui =
          UiSession.login(
              fleet.options().managementUrl(), AdminPassword.USERNAME, fleet.adminPassword());
      HttpResponse<String> dashboard = ui.get("/");
      assertEquals(200, dashboard.statusCode());
      assertTrue(
          dashboard.body().contains("banner-error")
              && dashboard.body().contains("fleet checks stalled since"),
          "the dashboard shows the stall");
      // pushing needs no registry: what is changed now is served by every nameserver
      makeChanges(3);
      awaitServed(changes.get() - 1);
      db.rollback();
    }
    Await.until(
        "/health/ready UP again",
        Duration.ofSeconds(30),
        () -> Http.get(ready).statusCode() == 200);
    PrometheusText after = PrometheusText.scrape(management() + "/metrics");
    assertEquals(0, after.value("felu_fleet_checks_stalled"));
    assertTrue(after.value("felu_fleet_stalls_total") >= 1);
    awaitConverged();
    assertEveryChangeServed();
  }

  private static String management() {
    return fleet.options().managementUrl();
  }

  /** /health/ready is UP: check rounds complete, whatever the nameservers do. */
  private static void assertDriverNotStalled() throws Exception {
    HttpResponse<String> r = Http.get(management() + "/health/ready");
    assertEquals(200, r.statusCode(), r.body());
    JsonObject driver =
        json(r.body()).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
            .filter(c -> "fleet-driver".equals(c.getString("name")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no fleet-driver check: " + r.body()));
    assertEquals("UP", driver.getString("status"), r.body());
  }

  /** Change {@code i} is answered by every nameserver over UDP (without asking management). */
  private static void awaitServed(int i) throws Exception {
    for (NameserverProcess ns : fleet.nameservers()) {
      SimpleResolver resolver = new SimpleResolver(FleetOptions.HOST);
      resolver.setPort(ns.dnsPort());
      resolver.setTimeout(Duration.ofSeconds(2));
      Message query =
          Message.newQuery(
              Record.newRecord(Name.fromString("r" + i + "." + ZONE), Type.TXT, DClass.IN));
      Await.until(
          ns.name() + " serves r" + i,
          CONVERGE,
          () -> resolver.send(query).getSection(Section.ANSWER).size() == 1);
    }
  }

  /** Adds TXT records r0, r1 … each in its own change, from four clients at once. */
  private static void makeChanges(int count) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int n = 0; n < count; n++) {
        done.add(
            clients.submit(
                () -> {
                  int i = changes.getAndIncrement();
                  HttpResponse<String> r =
                      Http.send(
                          "POST",
                          api + "/zones/" + ZONE + "/records",
                          ApiJson.record("r" + i, "TXT", 60, "\"change " + i + "\"")
                              .build()
                              .toString());
                  assertEquals(201, r.statusCode(), r.body());
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      clients.shutdownNow();
    }
  }

  /** Every nameserver holds the head revision with the head hash, as management sees it. */
  private static void awaitConverged() throws Exception {
    for (NameserverProcess ns : fleet.nameservers()) {
      Await.until(
          ns.name() + " at the head revision", CONVERGE, () -> SyncCheck.inSync(api, ns.name()));
    }
  }

  /** Each change made so far is answered by every nameserver, over UDP. */
  private static void assertEveryChangeServed() throws Exception {
    int made = changes.get();
    for (NameserverProcess ns : fleet.nameservers()) {
      SimpleResolver resolver = new SimpleResolver(FleetOptions.HOST);
      resolver.setPort(ns.dnsPort());
      resolver.setTimeout(Duration.ofSeconds(2));
      for (int i = 0; i < made; i++) {
        Message m =
            resolver.send(
                Message.newQuery(
                    Record.newRecord(Name.fromString("r" + i + "." + ZONE), Type.TXT, DClass.IN)));
        List<Record> answer = m.getSection(Section.ANSWER);
        assertEquals(Rcode.NOERROR, m.getRcode(), ns.name() + " r" + i);
        assertEquals(1, answer.size(), ns.name() + " r" + i + ": " + m);
        assertEquals(
            List.of("change " + i), ((TXTRecord) answer.get(0)).getStrings(), ns.name() + " r" + i);
      }
    }
  }

  private static Path pgdata() {
    return fleet.options().home().resolve("pgdata");
  }

  private static Path backup() {
    return fleet.options().home().resolve("pgdata-backup");
  }

  /**
   * Edit {@code i} of the outage tests, repeated while the API answers 503 (the database coming
   * back).
   */
  private static HttpResponse<String> outageEditUntilAccepted(int i) throws Exception {
    return Await.until(
        "edit " + i + " accepted",
        CONVERGE,
        () -> {
          HttpResponse<String> r = outageEdit(i);
          assertTrue(r.statusCode() == 201 || r.statusCode() == 503, r.body());
          return r.statusCode() == 201 ? r : null;
        });
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        // directories too, with their modes: PostgreSQL refuses a data directory others may read
        Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  private static HttpResponse<String> outageEdit(int i) throws Exception {
    return Http.send(
        "POST",
        api + "/zones/" + OUTAGE_ZONE + "/records",
        ApiJson.record("e" + i, "TXT", 60, "\"edit " + i + "\"").build().toString());
  }

  /** The head revision, as readiness reports it (its database check reads it). */
  private static long headRevision() throws Exception {
    HttpResponse<String> r = Http.get(management() + "/health/ready");
    assertEquals(200, r.statusCode(), r.body());
    JsonValue revision = check(r.body(), "database").getJsonObject("data").get("revision");
    return revision instanceof JsonNumber n
        ? n.longValue()
        : Long.parseLong(((JsonString) revision).getString());
  }

  private static JsonObject check(String health, String name) {
    return json(health).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(c -> name.equals(c.getString("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " check: " + health));
  }

  private static void awaitOutageEditServed(int i) throws Exception {
    for (NameserverProcess ns : fleet.nameservers()) {
      Await.until(
          ns.name() + " serves e" + i,
          CONVERGE,
          () -> List.of("edit " + i).equals(outageTxt(ns, i)));
    }
  }

  /**
   * The TXT strings a nameserver answers for e{@code i} of the outage zone, over UDP (none:
   * NXDOMAIN).
   */
  private static List<String> outageTxt(NameserverProcess ns, int i) throws Exception {
    SimpleResolver resolver = new SimpleResolver(FleetOptions.HOST);
    resolver.setPort(ns.dnsPort());
    resolver.setTimeout(Duration.ofSeconds(2));
    Message m =
        resolver.send(
            Message.newQuery(
                Record.newRecord(
                    Name.fromString("e" + i + "." + OUTAGE_ZONE), Type.TXT, DClass.IN)));
    if (m.getRcode() == Rcode.NXDOMAIN) {
      return List.of();
    }
    assertEquals(Rcode.NOERROR, m.getRcode(), ns.name() + " e" + i + ": " + m);
    return m.getSection(Section.ANSWER).stream()
        .map(r -> ((TXTRecord) r).getStrings())
        .findFirst()
        .orElse(List.of());
  }

  private static JsonObject json(String body) {
    return ApiJson.object(body);
  }
}
