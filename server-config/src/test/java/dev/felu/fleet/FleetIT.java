package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.conformance.ConformanceSuite;
import dev.felu.protocol.ZoneContent;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The walking skeleton, end to end, as an operator would try it: a real PostgreSQL, the EAR on a
 * real Payara Server, two Payara Micro nameservers, REST calls in and DNS queries (UDP and TCP)
 * out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {
  private static Fleet fleet;
  private static String api;

  @BeforeAll
  static void startFleet() throws Exception {
    Path home = Path.of(System.getProperty("felu.fleet.it.home", "target/fleet-it"));
    if (Files.exists(home)) {
      Fleet.deleteTree(home);
    }
    FleetOptions options =
        new FleetOptions(
            home,
            Path.of(System.getProperty("felu.fleet.dist", "target/fleet")),
            FreePorts.payaraPortBase(),
            FreePorts.consecutive(1),
            2,
            FreePorts.consecutive(2),
            FreePorts.consecutive(2));
    fleet = new Fleet(options);
    try {
      fleet.start();
    } catch (Exception e) {
      fleet.close();
      throw e;
    }
    api = options.managementUrl() + "/api/v1";
  }

  @AfterAll
  static void stopFleet() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void editedRecordIsServedByBothNameserversAndARestartedOneCatchesUp() throws Exception {
    // 1. create the zone with SOA/NS and an A record through the REST API
    HttpResponse<String> created =
        Http.send(
            "POST",
            api + "/zones",
            """
            {"name":"example.test.","records":[
              {"name":"@","type":"SOA","ttl":3600,"data":"ns1.example.test. hostmaster.example.test. 1 3600 600 1209600 300"},
              {"name":"@","type":"NS","ttl":3600,"data":"ns1.example.test."},
              {"name":"www.example.test.","type":"A","ttl":300,"data":"192.0.2.10"}]}
            """);
    assertEquals(201, created.statusCode(), created.body());
    long wwwId = recordId(json(created.body()), "www.example.test.");

    // 2. both nameservers answer it authoritatively, over UDP and TCP
    for (NameserverProcess ns : fleet.nameservers()) {
      awaitAnswer(ns, "192.0.2.10");
    }

    // 3. change it: both answer the new address promptly (pushed after commit, not by the 5 s
    // timer)
    long changed = System.nanoTime();
    HttpResponse<String> put =
        Http.send(
            "PUT",
            api + "/zones/example.test./records/" + wwwId,
            "{\"name\":\"www\",\"type\":\"A\",\"ttl\":300,\"data\":\"192.0.2.11\"}");
    assertEquals(200, put.statusCode(), put.body());
    for (NameserverProcess ns : fleet.nameservers()) {
      Await.until(
          ns.name() + " serving 192.0.2.11",
          Duration.ofSeconds(2),
          () -> "192.0.2.11".equals(address(ns, false)));
    }
    System.out.printf(
        "edit -> served on both nameservers in %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed));

    // 4. stop ns2, change the record again; ns1 serves the change
    NameserverProcess ns1 = fleet.nameserver("ns1");
    NameserverProcess ns2 = fleet.nameserver("ns2");
    ns2.close();
    assertEquals(
        200,
        Http.send(
                "PUT",
                api + "/zones/example.test./records/" + wwwId,
                "{\"name\":\"www\",\"type\":\"A\",\"ttl\":300,\"data\":\"192.0.2.12\"}")
            .statusCode());
    awaitAnswer(ns1, "192.0.2.12");

    // hold ns2's config back (disabled) so the window before its first snapshot can be observed
    assertEquals(
        200, Http.send("PUT", api + "/nameservers/ns2", "{\"enabled\":false}").statusCode());
    ns2.start();
    assertFalse(ns2.isReady(), "readiness must be DOWN before any config arrives");
    assertThrows(
        IOException.class,
        () -> query(ns2, "www.example.test.", false),
        "no DNS over UDP before config");
    assertThrows(
        IOException.class,
        () -> query(ns2, "www.example.test.", true),
        "no DNS over TCP before config");

    assertEquals(
        200, Http.send("PUT", api + "/nameservers/ns2", "{\"enabled\":true}").statusCode());
    Await.until("ns2 ready", Duration.ofSeconds(30), ns2::isReady);
    awaitAnswer(ns2, "192.0.2.12");

    JsonObject head = json(Http.get(api + "/config").body());
    JsonObject status =
        Await.until(
            "ns2 reported in sync",
            Duration.ofSeconds(15),
            () -> {
              JsonObject s =
                  json(Http.get(api + "/nameservers/ns2").body()).getJsonObject("status");
              return s.getBoolean("inSync") ? s : null;
            });
    assertEquals(
        head.getJsonNumber("revision").longValue(), status.getJsonNumber("revision").longValue());
    assertEquals(head.getString("hash"), status.getString("hash"));
  }

  @Test
  @Order(2)
  void invalidRecordIsRefusedWithAProblemNamingTheFieldAndChangesNothing() throws Exception {
    assertEquals(
        201, Http.send("POST", api + "/zones", "{\"name\":\"bad-input.test.\"}").statusCode());
    String before = Http.get(api + "/config").body();

    HttpResponse<String> r =
        Http.send(
            "POST",
            api + "/zones/bad-input.test./records",
            "{\"name\":\"www\",\"type\":\"A\",\"data\":\"192.0.2.300\"}");

    assertEquals(400, r.statusCode());
    assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
    JsonObject problem = json(r.body());
    assertEquals(400, problem.getInt("status"));
    assertEquals("data", problem.getString("field"));
    assertTrue(problem.getString("detail").contains("192.0.2.300"), problem.getString("detail"));
    assertEquals(before, Http.get(api + "/config").body(), "no new revision");
    assertEquals(404, Http.get(api + "/zones/missing.test.").statusCode());
  }

  @Test
  @Order(3)
  void nameserverRefusesConfigConnectionsWithoutTheLinkSecret() {
    NameserverProcess ns1 = fleet.nameserver("ns1");
    for (String auth : List.of("", "Bearer not-the-secret")) {
      WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
      if (!auth.isEmpty()) {
        b.header("Authorization", auth);
      }
      CompletionException e =
          assertThrows(
              CompletionException.class,
              () -> b.buildAsync(URI.create(ns1.configUrl()), new WebSocket.Listener() {}).join());
      WebSocketHandshakeException refused = (WebSocketHandshakeException) e.getCause();
      assertEquals(401, refused.getResponse().statusCode());
    }
  }

  @Test
  @Order(4)
  void adminPageListsZonesWithTheirRecords() throws Exception {
    String ui = fleet.options().managementUrl();
    assertEquals(302, Http.get(ui + "/").statusCode(), "the UI needs a login");
    HttpResponse<String> page =
        UiSession.login(ui, AdminPassword.USERNAME, fleet.adminPassword()).get("/");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("example.test."), "zone listed");
    assertTrue(page.body().contains("www.example.test."), "record owner listed");
    assertTrue(page.body().contains("192.0.2.12"), "record data listed");
  }

  @Test
  @Order(5)
  void nameserversAnswerRefusedOutsideTheirZonesAndNxdomainInside() throws Exception {
    NameserverProcess ns1 = fleet.nameserver("ns1");
    assertEquals(Rcode.REFUSED, query(ns1, "www.not-served.test.", false).getRcode());
    Message nx = query(ns1, "nope.example.test.", true);
    assertEquals(Rcode.NXDOMAIN, nx.getRcode());
    assertEquals(Type.SOA, nx.getSection(Section.AUTHORITY).get(0).getType());
  }

  @Test
  @Order(6)
  void everyFleetProcessListensOnLoopbackOnly() throws Exception {
    List<ListeningSockets.Socket> sockets = ListeningSockets.of(fleet.pids());

    List<ListeningSockets.Socket> exposed = sockets.stream().filter(s -> !s.loopback()).toList();
    assertTrue(exposed.isEmpty(), "listening beyond loopback: " + exposed);
    FleetOptions o = fleet.options();
    for (int port :
        List.of(
            o.httpPort(), o.adminPort(), o.dbPort(), o.dnsPort(1), o.dnsPort(2), o.nsHttpPort(1))) {
      assertTrue(
          sockets.stream().anyMatch(s -> s.port() == port),
          "expected a listener on port " + port + " in " + sockets);
    }
    assertTrue(
        sockets.stream().anyMatch(s -> s.protocol().startsWith("udp") && s.port() == o.dnsPort(1)),
        "DNS over UDP");
  }

  /**
   * The DNS conformance suite against a Payara Micro nameserver whose zones went the operator's
   * way: each record typed into the REST API, stored in PostgreSQL, pushed over the config link.
   * Any record the management side mangles (unknown types, TXT escapes, wildcards, glue) shows up
   * as a failed case.
   */
  @TestFactory
  @Order(7)
  Stream<DynamicTest> servesTheConformanceZonesAsKnotDoes() throws Exception {
    assertEquals(204, Http.send("DELETE", api + "/zones/example.test.", null).statusCode());
    for (ZoneContent zone : ConformanceSuite.zones()) {
      JsonArrayBuilder records = Json.createArrayBuilder();
      for (Record r : zone.records()) {
        records.add(
            Json.createObjectBuilder()
                .add("name", r.getName().toString())
                .add("type", Type.string(r.getType()))
                .add("ttl", r.getTTL())
                .add("data", r.rdataToString()));
      }
      String body =
          Json.createObjectBuilder()
              .add("name", zone.name().toString())
              .add("records", records)
              .build()
              .toString();
      HttpResponse<String> created = Http.send("POST", api + "/zones", body);
      assertEquals(201, created.statusCode(), zone.name() + ": " + created.body());
    }
    NameserverProcess ns1 = fleet.nameservers().get(0);
    Await.until(
        ns1.name() + " serving the conformance zones",
        Duration.ofSeconds(15),
        () -> inSync(ns1.name()));
    return new ConformanceSuite(new InetSocketAddress(FleetOptions.HOST, ns1.dnsPort()))
        .knotCases();
  }

  /** The nameserver holds the head revision and hash, as the management server reports. */
  private static boolean inSync(String nameserver) throws IOException, InterruptedException {
    JsonObject ns = json(Http.get(api + "/nameservers/" + nameserver).body());
    JsonObject config = json(Http.get(api + "/config").body());
    return ns.getJsonObject("status").getBoolean("inSync", false)
        && config.getJsonNumber("revision").longValue()
            == ns.getJsonObject("status").getJsonNumber("revision").longValue();
  }

  private static void awaitAnswer(NameserverProcess ns, String address) throws Exception {
    for (boolean tcp : new boolean[] {false, true}) {
      Await.until(
          ns.name() + " answering " + address + (tcp ? " over TCP" : " over UDP"),
          Duration.ofSeconds(15),
          () -> address.equals(address(ns, tcp)));
      Message m = query(ns, "www.example.test.", tcp);
      assertTrue(m.getHeader().getFlag(Flags.AA), "authoritative answer");
    }
  }

  private static String address(NameserverProcess ns, boolean tcp) throws IOException {
    List<Record> answer = query(ns, "www.example.test.", tcp).getSection(Section.ANSWER);
    return answer.size() == 1 && answer.get(0) instanceof ARecord a
        ? a.getAddress().getHostAddress()
        : null;
  }

  private static Message query(NameserverProcess ns, String name, boolean tcp) throws IOException {
    SimpleResolver r = new SimpleResolver(FleetOptions.HOST);
    r.setPort(ns.dnsPort());
    r.setTCP(tcp);
    r.setTimeout(Duration.ofSeconds(1));
    return r.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
  }

  private static JsonObject json(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }

  private static long recordId(JsonObject zone, String owner) {
    JsonArray records = zone.getJsonArray("records");
    return records.stream()
        .map(JsonObject.class::cast)
        .filter(r -> r.getString("name").equals(owner) && r.getString("type").equals("A"))
        .findFirst()
        .orElseThrow()
        .getJsonNumber("id")
        .longValue();
  }
}
