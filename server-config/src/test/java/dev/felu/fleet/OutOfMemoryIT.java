package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A real OutOfMemoryError in a real nameserver: one nameserver with a heap that boots but cannot
 * hold the configuration it is then sent. It ends with exit code 3 and a heap dump; the supervised
 * launcher says so and starts it again; once the data fits again (the big zones deleted), the
 * restarted nameserver serves the head revision. Then the management server, ended at once, is
 * started again too.
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
   * hold; the import stops once the nameserver ran out.
   */
  private static final int BIG_ZONES = 300;

  private static final int BIG_ZONE_RECORDS = 14;

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
  void aNameserverOutOfMemoryEndsItAndTheLauncherStartsItAgain() throws Exception {
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
    long firstPid = ns1.pid().orElseThrow();

    // more data than its heap holds: the nameserver runs out while it takes it in
    int created = createBigZonesUntilRestarted();
    Await.until(
        "ns1 restarted", Duration.ofMinutes(5), () -> fleet.supervisor().restarts("ns1") >= 1);
    Path dump = fleet.options().heap().dumps().resolve("java_pid" + firstPid + ".hprof");
    String reported =
        supervisorLog.stream()
            .filter(l -> l.startsWith("ns1 (pid " + firstPid + ")"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no report of ns1's end: " + supervisorLog));
    assertTrue(
        reported.startsWith(
            "ns1 (pid "
                + firstPid
                + ") exited with code 3 (out of memory), heap dump in "
                + dump
                + "; restarting in "),
        reported);
    assertTrue(Files.size(dump) > 0);
    assertTrue(
        Files.readString(fleet.options().logs().resolve("ns1.log"))
            .contains("Terminating due to java.lang.OutOfMemoryError"),
        "the JVM says why it ended");

    // the data fits again: the restarted nameserver serves the head revision
    deleteBigZones(created);
    Await.until(
        "ns1 serving the head revision again",
        Duration.ofMinutes(5),
        () -> SyncCheck.inSync(api, "ns1") && "192.0.2.80".equals(www(ns1)));
    assertTrue(ns1.pid().orElseThrow() != firstPid);
    assertTrue(!fleet.supervisor().gaveUp("ns1"));
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
   * nameserver has been restarted (at most {@link #BIG_ZONES}); returns how many it created.
   */
  private static int createBigZonesUntilRestarted() throws Exception {
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
              z < BIG_ZONES && fleet.supervisor().restarts("ns1") == 0;
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
