package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
 * are killed with SIGKILL mid-push; the management server restarts. After each, every nameserver
 * must hold the head revision with the head hash and serve every change that was made.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultIT {
  private static final String ZONE = "fault.test.";
  private static final long SEED = Long.getLong("felu.fault.seed", System.nanoTime());

  /**
   * Generous: a link that failed often waits out its backoff (at most 60 s) before reconnecting.
   */
  private static final Duration CONVERGE = Duration.ofSeconds(150);

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
            """
            {"name":"fault.test.","records":[
              {"name":"@","type":"SOA","ttl":3600,"data":"ns1.fault.test. hostmaster.fault.test. 1 3600 600 1209600 60"},
              {"name":"@","type":"NS","ttl":3600,"data":"ns1.fault.test."}]}
            """);
    assertEquals(201, zone.statusCode(), zone.body());
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
          Http.send(
              "PUT",
              api + "/nameservers/" + ns.name(),
              "{\"configUrl\":" + Http.json(viaProxy) + "}");
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

  @Test
  @Order(3)
  void nameserversKeepServingWhileManagementRestartsThenConverge() throws Exception {
    makeChanges(20);
    awaitConverged();
    fleet.stopManagement();
    // the nameservers answer from memory, management or not
    assertEveryChangeServed();
    fleet.startManagement();
    makeChanges(20);
    awaitConverged();
    assertEveryChangeServed();
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
                          "{\"name\":\"r"
                              + i
                              + "\",\"type\":\"TXT\",\"ttl\":60,\"data\":\"\\\"change "
                              + i
                              + "\\\"\"}");
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

  private static JsonObject json(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }
}
