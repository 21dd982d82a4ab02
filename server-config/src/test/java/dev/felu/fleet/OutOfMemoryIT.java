package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A nameserver with a heap that boots but cannot hold the configuration it is then sent: it refuses
 * the revision that does not fit with a clear reply ("not enough memory for revision N: needs ≈ X
 * MB, heap max 124 MB; keeping revision M": the heap the JVM can use, with the serial collector
 * -Xmx less one survivor space), which the management API shows as the nameserver's last check; it
 * keeps serving the revision it held, says so in its readiness data and metrics, is neither ended
 * nor restarted, and takes the head again once the big zones are deleted. Then the management
 * server, ended at once, is started again by the supervising launcher.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutOfMemoryIT {
  /** Boots Payara Micro with the ns app (about 45 MiB in use after boot) with room to spare. */
  private static final String NS_HEAP = "128m";

  /**
   * Zones of TXT records of 64,000 characters (250 strings of 255): a nameserver holds each in
   * about 64 KiB, so few database rows (quick to load) fill its heap. 14 of them make a zone of
   * 900,000 characters (the audit log keeps a deleted zone's text, at most 1,000,000 characters)
   * and a JSON body under the API's 1 MiB. 300 such zones (270 MB) are far more than 128 MiB can
   * hold; the import stops once the nameserver refused a revision.
   */
  private static final int BIG_ZONES = 300;

  private static final int BIG_ZONE_RECORDS = 14;

  private static final Pattern REFUSAL =
      Pattern.compile(
          "not enough memory for revision (\\d+): needs ≈ (\\d+) MB, heap max (\\d+) MB; keeping"
              + " revision (\\d+)");

  private static Fleet fleet;
  private static String api;
  private static final List<String> supervisorLog = new CopyOnWriteArrayList<>();
  private static final Logger SUPERVISOR = Logger.getLogger(Supervisor.class.getName());
  private static final Handler CAPTURE =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          supervisorLog.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeAll
  static void startFleet() throws Exception {
    SUPERVISOR.addHandler(CAPTURE);
    fleet = TestFleets.start("felu.oom.it.home", "target/oom-it", 1, NS_HEAP);
    api = fleet.options().managementUrl() + "/api/v1";
    fleet.supervise(
        new Supervisor.Policy(
            5, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(10)));
  }

  @AfterAll
  static void stopFleet() throws Exception {
    SUPERVISOR.removeHandler(CAPTURE);
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void aNameserverRefusesARevisionThatDoesNotFitAndKeepsServingTheOneItHolds() throws Exception {
    NameserverProcess ns1 = fleet.nameserver("ns1");
    Bench.check(
        Http.send(
            "POST",
            api + "/zones",
            ApiJson.zone(
                "small.test.",
                ApiJson.record("@", "NS", "ns1.small.test."),
                ApiJson.record("www", "A", 300, "192.0.2.80"))));
    Await.until(
        "ns1 serving small.test.", Duration.ofMinutes(1), () -> "192.0.2.80".equals(www(ns1)));
    long pid = ns1.pid().orElseThrow();

    // more data than its heap holds: the nameserver refuses it instead of running out
    int created = createBigZonesUntilRefused();
    long head = headRevision();
    Matcher refusal =
        Await.until(
            "the management API showing ns1's refusal of the head revision " + head,
            Duration.ofMinutes(5),
            () -> {
              Matcher m = REFUSAL.matcher(lastCheck("ns1"));
              return m.find() && Long.parseLong(m.group(1)) == head ? m : null;
            });
    long needed = Long.parseLong(refusal.group(2));
    long heapMax = Long.parseLong(refusal.group(3));
    long kept = Long.parseLong(refusal.group(4));
    // the heap the JVM can use: with the serial collector -Xmx less one survivor space (124 MB)
    assertTrue(heapMax > 120 && heapMax <= 128, refusal.group());
    assertTrue(needed > 128, refusal.group());
    assertTrue(kept < head, refusal.group());
    assertEquals(
        kept, nameserver("ns1").getJsonObject("status").getJsonNumber("revision").longValue());
    assertEquals("192.0.2.80", www(ns1), "ns1 still answers from the revision it kept");

    String ready = Http.get(ns1.healthUrl()).body();
    assertTrue(ready.contains("not enough memory for revision " + head + ":"), ready);
    assertTrue(ready.contains("\"status\":\"UP\""), ready);
    PrometheusText metrics = PrometheusText.scrape(nsMetrics(ns1));
    double refused = metrics.valueOrZero("felu_ns_config_refused_total", "reason", "memory");
    assertTrue(refused >= 1, "refusals counted: " + refused);
    double heapMaxBytes = metrics.valueOrZero("felu_ns_heap_max_bytes");
    assertTrue(heapMaxBytes > 120 << 20 && heapMaxBytes <= 128 << 20, "heap max " + heapMaxBytes);
    assertTrue(Math.abs(heapMaxBytes / (1 << 20) - heapMax) <= 1, "the refusal's heap max");
    assertTrue(metrics.valueOrZero("felu_ns_config_memory_needed_bytes") > 128 << 20);
    assertEquals((double) kept, metrics.valueOrZero("felu_ns_config_revision"));

    // the management server offers the head again on every check: refused at once, not rebuilt
    Await.until(
        "another refusal of revision " + head,
        Duration.ofMinutes(1),
        () ->
            PrometheusText.scrape(nsMetrics(ns1))
                    .valueOrZero("felu_ns_config_refused_total", "reason", "memory")
                > refused);
    String log = Files.readString(fleet.options().logs().resolve("ns1.log"));
    assertEquals(
        1,
        log.lines().filter(l -> l.contains("revision " + head + " does not fit the heap")).count(),
        "revision " + head + " built once, then refused from what ns1 remembers");
    assertFalse(log.contains("OutOfMemoryError"), "ns1 never ran out of memory");
    assertEquals(pid, ns1.pid().orElseThrow());
    assertEquals(0, fleet.supervisor().restarts("ns1"));

    // the data fits again: the nameserver takes the head revision
    deleteBigZones(created);
    Await.until(
        "ns1 serving the head revision again",
        Duration.ofMinutes(5),
        () -> SyncCheck.inSync(api, "ns1") && "192.0.2.80".equals(www(ns1)));
    String readyAgain = Http.get(ns1.healthUrl()).body();
    assertFalse(readyAgain.contains("not enough memory"), readyAgain);
    assertEquals(pid, ns1.pid().orElseThrow());
    assertEquals(0, fleet.supervisor().restarts("ns1"));
  }

  /**
   * The management server is not the launcher's child (asadmin start-domain starts it): the
   * launcher watches it through Payara's pid file. Ended at once (SIGKILL, as the kernel's OOM
   * killer would), it is started and redeployed again, and edits reach the nameserver again.
   */
  @Test
  @Order(2)
  void aManagementServerThatEndsIsStartedAgain() throws Exception {
    ProcessHandle domain = fleet.managementProcess().orElseThrow();
    domain.destroyForcibly();
    Await.until(
        "the management server restarted",
        Duration.ofMinutes(10),
        () ->
            fleet.managementProcess().filter(p -> p.pid() != domain.pid()).isPresent()
                && Http.get(api + "/config").statusCode() == 200);
    assertTrue(
        supervisorLog.stream()
            .anyMatch(
                l ->
                    l.startsWith(
                        "the management server (pid "
                            + domain.pid()
                            + ") exited unexpectedly; restarting in ")),
        supervisorLog.toString());
    Bench.check(
        Http.send(
            "POST",
            api + "/zones/small.test./records",
            ApiJson.record("www2", "A", 300, "192.0.2.81").build().toString()));
    Await.until(
        "ns1 in sync after the restart", Duration.ofMinutes(5), () -> SyncCheck.inSync(api, "ns1"));
  }

  private static String bigZone(int z) {
    return "big" + z + ".test.";
  }

  /**
   * Creates zones of {@link #BIG_ZONE_RECORDS} large TXT records, four at a time, until the
   * management API shows that the nameserver refused a revision for lack of memory (at most {@link
   * #BIG_ZONES}); returns how many it created.
   */
  private static int createBigZonesUntilRefused() throws Exception {
    String txt = (" " + "x".repeat(255)).repeat(250).substring(1);
    JsonArrayBuilder builder =
        Json.createArrayBuilder().add(ApiJson.record("@", "NS", "ns1.big.test."));
    for (int i = 0; i < BIG_ZONE_RECORDS; i++) {
      builder.add(ApiJson.record("t" + i, "TXT", 300, txt));
    }
    JsonArray records = builder.build();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger created = new AtomicInteger();
    parallel(
        () -> {
          for (int z = next.getAndIncrement();
              z < BIG_ZONES && !REFUSAL.matcher(lastCheck("ns1")).find();
              z = next.getAndIncrement()) {
            Bench.check(
                Http.send(
                    "POST",
                    api + "/zones",
                    ApiJson.zone(bigZone(z), Json.createArrayBuilder(records))));
            created.incrementAndGet();
          }
          return null;
        });
    return created.get();
  }

  /** Deletes the big zones [0, count), four at a time (every zone a client took was created). */
  private static void deleteBigZones(int count) throws Exception {
    AtomicInteger next = new AtomicInteger();
    parallel(
        () -> {
          for (int z = next.getAndIncrement(); z < count; z = next.getAndIncrement()) {
            HttpResponse<String> r = Http.send("DELETE", api + "/zones/" + bigZone(z), null);
            if (r.statusCode() != 204 && r.statusCode() != 200 && r.statusCode() != 404) {
              throw new IOException(
                  "DELETE " + bigZone(z) + ": " + r.statusCode() + " " + r.body());
            }
          }
          return null;
        });
  }

  private static void parallel(Callable<Void> client) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Void>> clients = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        clients.add(pool.submit(client));
      }
      for (Future<Void> f : clients) {
        f.get(15, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static long headRevision() throws Exception {
    return ApiJson.object(Http.get(api + "/config").body()).getJsonNumber("revision").longValue();
  }

  private static JsonObject nameserver(String name) throws Exception {
    return ApiJson.object(Http.get(api + "/nameservers/" + name).body());
  }

  /** What the management server's last check of the nameserver found ("ok" or the problem). */
  private static String lastCheck(String name) throws Exception {
    JsonObject health = nameserver(name).getJsonObject("health");
    return health == null ? "" : health.getString("lastResult", "");
  }

  private static String nsMetrics(NameserverProcess ns) {
    return "http://" + FleetOptions.HOST + ":" + ns.httpPort() + "/metrics";
  }

  private static String www(NameserverProcess ns) throws Exception {
    SimpleResolver r = new SimpleResolver(FleetOptions.HOST);
    r.setPort(ns.dnsPort());
    r.setTimeout(Duration.ofSeconds(1));
    Message m =
        r.send(
            Message.newQuery(
                Record.newRecord(Name.fromString("www.small.test."), Type.A, DClass.IN)));
    List<Record> answer = m.getSection(Section.ANSWER);
    return answer.size() == 1 && answer.get(0) instanceof ARecord a
        ? a.getAddress().getHostAddress()
        : null;
  }
}
