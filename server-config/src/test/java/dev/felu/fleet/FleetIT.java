package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.link.BootstrapToken;
import dev.felu.link.Keyring;
import dev.felu.link.LinkHandshake;
import dev.felu.link.LinkKey;
import dev.felu.ns.conformance.ConformanceSuite;
import dev.felu.protocol.ZoneContent;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
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
 *
 * <p>One fleet (about two minutes to boot here) serves every test; the tests are grouped by concern
 * in {@link Nested} classes rather than in IT classes of their own: failsafe runs FaultIT and
 * OutOfMemoryIT in the same JVM with fleets of their own, so a fleet shared across top-level
 * classes would run beside theirs and be stopped only at the end of the whole run, while here
 * {@link #stopFleet} stops it when the last group is done. The groups run in their {@link Order}
 * because some build on what an earlier one left: the UI and the link tests read {@code
 * example.test.} as {@link Propagation} left it, before {@link Dns}'s conformance suite replaces
 * it.
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class FleetIT {
  private static Fleet fleet;
  private static String api;
  private static String management;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = TestFleets.start("felu.fleet.it.home", "target/fleet-it");
    management = fleet.options().managementUrl();
    api = management + "/api/v1";
  }

  @AfterAll
  static void stopFleet() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
  }

  /**
   * Edits reach every nameserver; a stopped one catches up; bad input changes nothing; a forced
   * resync.
   */
  @Nested
  @Order(1)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class Propagation {
    @Test
    @Order(1)
    void editedRecordIsServedByBothNameserversAndARestartedOneCatchesUp() throws Exception {
      // 1. create the zone with SOA/NS and an A record through the REST API
      HttpResponse<String> created =
          Http.send(
              "POST",
              api + "/zones",
              ApiJson.zone(
                  "example.test.",
                  ApiJson.record(
                      "@",
                      "SOA",
                      3600,
                      "ns1.example.test. hostmaster.example.test. 1 3600 600 1209600 300"),
                  ApiJson.record("@", "NS", 3600, "ns1.example.test."),
                  ApiJson.record("www.example.test.", "A", 300, "192.0.2.10")));
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
              ApiJson.record("www", "A", 300, "192.0.2.11").build().toString());
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
                  ApiJson.record("www", "A", 300, "192.0.2.12").build().toString())
              .statusCode());
      awaitAnswer(ns1, "192.0.2.12");

      // the change's propagation status: ns1 serves it, ns2 does not (yet)
      long change = json(Http.get(api + "/config").body()).getJsonNumber("revision").longValue();
      JsonObject pending =
          Await.until(
              "ns1 recorded as serving revision " + change,
              Duration.ofSeconds(10),
              () -> {
                JsonObject c = json(Http.get(api + "/config/revisions/" + change).body());
                return servedAt(c, "ns1") != null ? c : null;
              });
      assertEquals("PENDING", pending.getString("state"), pending.toString());
      assertEquals(null, servedAt(pending, "ns2"), pending.toString());
      // flap suppression: two failed 5-second checks in a row make ns2 DOWN; ns1 stays UP, and its
      // DNS-level probe (SOA serials over UDP) agrees with the database
      Await.until("ns2 DOWN", Duration.ofSeconds(30), () -> "DOWN".equals(health("ns2")));
      assertEquals("UP", health("ns1"));
      JsonObject ns1Health =
          json(Http.get(api + "/nameservers/ns1").body()).getJsonObject("health");
      assertTrue(
          ns1Health.getString("dnsProbe", "").contains("match"), "DNS probe of ns1: " + ns1Health);

      // hold ns2's config back (disabled) so the window before its first snapshot can be observed
      assertEquals(
          200,
          Http.send("PUT", api + "/nameservers/ns2", ApiJson.of("enabled", false)).statusCode());
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
          200,
          Http.send("PUT", api + "/nameservers/ns2", ApiJson.of("enabled", true)).statusCode());
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

      // the change is now served by both, ns2 after ns1; two good checks bring ns2 back UP
      JsonObject done =
          Await.until(
              "revision " + change + " in sync",
              Duration.ofSeconds(15),
              () -> {
                JsonObject c = json(Http.get(api + "/config/revisions/" + change).body());
                return "INSYNC".equals(c.getString("state")) ? c : null;
              });
      assertTrue(
          !java.time.OffsetDateTime.parse(servedAt(done, "ns2"))
              .isBefore(java.time.OffsetDateTime.parse(servedAt(done, "ns1"))),
          done.toString());
      Await.until("ns2 UP", Duration.ofSeconds(30), () -> "UP".equals(health("ns2")));
      assertEquals(
          404, Http.get(api + "/config/revisions/999999").statusCode(), "unknown revision: 404");
    }

    /** When a nameserver started serving a change, as the API reports it; null when not yet. */
    private static String servedAt(JsonObject change, String nameserver) {
      for (JsonObject n : change.getJsonArray("nameservers").getValuesAs(JsonObject.class)) {
        if (n.getString("name").equals(nameserver)) {
          // JSON-B leaves out null fields: no servedAt while the nameserver does not serve it
          return n.containsKey("servedAt") ? n.getString("servedAt") : null;
        }
      }
      throw new AssertionError(nameserver + " missing from " + change);
    }

    private static String health(String nameserver) throws IOException, InterruptedException {
      return json(Http.get(api + "/nameservers/" + nameserver).body())
          .getJsonObject("health")
          .getString("state");
    }

    @Test
    @Order(2)
    void invalidRecordIsRefusedWithAProblemNamingTheFieldAndChangesNothing() throws Exception {
      assertEquals(
          201,
          Http.send("POST", api + "/zones", ApiJson.of("name", "bad-input.test.")).statusCode());
      String before = Http.get(api + "/config").body();

      HttpResponse<String> r =
          Http.send(
              "POST",
              api + "/zones/bad-input.test./records",
              ApiJson.record("www", "A", "192.0.2.300").build().toString());

      assertEquals(400, r.statusCode());
      assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
      JsonObject problem = json(r.body());
      assertEquals(400, problem.getInt("status"));
      assertEquals("data", problem.getString("field"));
      assertTrue(problem.getString("detail").contains("192.0.2.300"), problem.getString("detail"));
      assertEquals(before, Http.get(api + "/config").body(), "no new revision");
      assertEquals(404, Http.get(api + "/zones/missing.test.").statusCode());
    }

    /**
     * A forced full resync of a nameserver that already holds the head: the whole configuration is
     * sent again as a snapshot of the same revision, the nameserver applies it (its apply counter
     * moves, its revision stays the head) and answers as before; the request is audited. Unknown
     * nameservers are a 404 problem.
     */
    @Test
    @Order(10)
    void aForcedResyncSendsAnInSyncNameserverTheWholeConfigurationAgain() throws Exception {
      NameserverProcess ns2 = fleet.nameserver("ns2");
      HttpResponse<String> created =
          Http.send(
              "POST",
              api + "/zones",
              ApiJson.zone("resync.test.", ApiJson.record("www", "A", "192.0.2.90")));
      assertEquals(201, created.statusCode(), created.body());
      Await.until(
          "ns2 in sync with resync.test.",
          Duration.ofSeconds(30),
          () -> SyncCheck.inSync(api, "ns2"));
      long head = json(Http.get(api + "/config").body()).getJsonNumber("revision").longValue();
      String nsMetrics = "http://" + FleetOptions.HOST + ":" + ns2.httpPort() + "/metrics";
      String applies = "felu_ns_config_applies_total";
      PrometheusText before =
          Await.until(
              "ns2 exporting revision " + head,
              Duration.ofSeconds(10),
              () -> {
                PrometheusText t = scrape(nsMetrics);
                return Double.valueOf(head).equals(t.value("felu_ns_config_revision")) ? t : null;
              });

      HttpResponse<String> r = Http.send("POST", api + "/nameservers/ns2/resync", null);
      assertEquals(202, r.statusCode(), r.body());
      JsonObject requested = json(r.body());
      assertEquals("ns2", requested.getString("nameserver"));
      assertTrue(requested.getBoolean("connected"), requested.toString());
      assertEquals(head, requested.getJsonNumber("headRevision").longValue());

      PrometheusText after =
          Await.until(
              "ns2 applied the forced snapshot",
              Duration.ofSeconds(30),
              () -> {
                PrometheusText t = scrape(nsMetrics);
                return t.value(applies) > before.value(applies) ? t : null;
              });
      assertEquals(before.value(applies) + 1, after.value(applies), "one snapshot applied");
      assertEquals(head, after.value("felu_ns_config_revision"), "still the head revision");
      assertEquals(
          head,
          json(Http.get(api + "/config").body()).getJsonNumber("revision").longValue(),
          "a resync is no change: no new revision");
      for (boolean tcp : new boolean[] {false, true}) {
        Message m = query(ns2, "www.resync.test.", tcp);
        assertEquals(Rcode.NOERROR, m.getRcode());
        assertTrue(m.getHeader().getFlag(Flags.AA), "authoritative");
        assertEquals("192.0.2.90", m.getSection(Section.ANSWER).get(0).rdataToString());
      }
      Await.until(
          "ns2 in sync after the resync",
          Duration.ofSeconds(15),
          () -> SyncCheck.inSync(api, "ns2"));
      assertFalse(
          json(Http.get(api + "/nameservers/ns2").body()).toString().contains("felu1."),
          "no key material in the nameserver's view");

      JsonArray audit = ApiJson.array(Http.get(api + "/audit?size=50").body());
      assertTrue(
          audit.stream()
              .map(JsonObject.class::cast)
              .anyMatch(
                  e ->
                      e.getString("entity").equals("nameserver")
                          && e.getString("action").equals("resync")
                          && e.getString("subject").equals("ns2")
                          && e.getString("actor").equals("token:fleet launcher")),
          "the resync is audited with who asked: " + audit);

      HttpResponse<String> unknown = Http.send("POST", api + "/nameservers/nope/resync", null);
      assertEquals(404, unknown.statusCode(), unknown.body());
      assertEquals(
          "application/problem+json", unknown.headers().firstValue("Content-Type").orElse(""));
      assertTrue(json(unknown.body()).getString("detail").contains("nope"), unknown.body());
    }
  }

  /** The config link's defences (TLS, HMAC, replay) and a key rotation without a restart. */
  @Nested
  @Order(2)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class LinkSecurity {
    /**
     * The config link's defences, one layer at a time, against ns1 as the fleet runs it (wss, mTLS,
     * HMAC): without a client certificate no TLS session; with one, but without a valid signed
     * handshake (or with one of before leadership epochs), 401; a valid one of a lower leadership
     * epoch than the management server's open link, 409; a captured valid header of a higher epoch
     * (made here with ns1's key, as an eavesdropper past TLS would have it) supersedes the
     * management server's link, which shows why it is refused, works once and is refused when
     * replayed; plain ws:// is refused. ns1's config is the same afterwards and the management
     * server's link comes back.
     */
    @Test
    @Order(3)
    void nameserverRefusesConfigConnectionsWithoutValidCredentials() throws Exception {
      NameserverProcess ns1 = fleet.nameserver("ns1");
      URI wss = URI.create(ns1.configUrl());
      assertTrue(ns1.configUrl().startsWith("wss://"), ns1.configUrl());
      JsonObject before =
          Await.until(
              "the driver's link to ns1 open",
              Duration.ofSeconds(15),
              () -> {
                JsonObject st =
                    json(Http.get(api + "/nameservers/ns1").body()).getJsonObject("status");
                return st.getBoolean("connected") ? st : null;
              });
      LinkKey key = keysOf(ns1).get(0);

      // TLS: no client certificate, no session at all (no HTTP status comes back)
      CompletionException noCert =
          assertThrows(CompletionException.class, () -> handshake(wss, false, null));
      assertFalse(
          noCert.getCause() instanceof WebSocketHandshakeException,
          "refused by TLS, not by HTTP: " + noCert.getCause());
      assertTrue(noCert.getCause() instanceof IOException, String.valueOf(noCert.getCause()));

      // the management server, alone, drives the fleet: its epoch signs every handshake
      PrometheusText mgmt = scrape(management + "/metrics");
      assertEquals(1, mgmt.value("felu_fleet_leader"), "a single instance leads");
      long epoch = Math.round(mgmt.value("felu_fleet_leader_epoch"));
      assertTrue(epoch > 0, "leadership epoch " + epoch);

      // HMAC: no credentials, a bearer secret, an unknown key, the right key id with a wrong key
      String path = wss.getRawPath();
      for (String auth :
          new String[] {
            null,
            "Bearer not-the-secret",
            LinkHandshake.authorization(LinkKey.generate(), "ns1", path, epoch, Instant.now()),
            LinkHandshake.authorization(
                new LinkKey(key.id(), LinkKey.generate().material()),
                "ns1",
                path,
                epoch,
                Instant.now()),
            LinkHandshake.authorization(key, "ns2", path, epoch, Instant.now()),
            // a header of before leadership epochs (felu-link-v1) is refused, not half-understood
            LinkHandshake.authorization(key, "ns1", path, epoch, Instant.now())
                .replace(", epoch=" + epoch, ""),
          }) {
        assertEquals(401, refusal(wss, auth), String.valueOf(auth));
      }

      // one config link at a time: a signed link of a lower epoch than the driver's open link is
      // refused (409), as a former driver that has not noticed its lost lead would be
      assertEquals(
          409,
          refusal(wss, LinkHandshake.authorization(key, "ns1", path, epoch - 1, Instant.now())));

      // a newer epoch supersedes the driver's link; the driver, refused while it stays open, shows
      // why. A captured header (made here with ns1's key, as an eavesdropper past TLS would have
      // it) is also good for one handshake only.
      String captured = LinkHandshake.authorization(key, "ns1", path, epoch + 1, Instant.now());
      WebSocket first = handshake(wss, true, captured);
      JsonObject fenced =
          Await.until(
              "the driver's link superseded and refused",
              Duration.ofSeconds(15),
              () -> {
                JsonObject st =
                    json(Http.get(api + "/nameservers/ns1").body()).getJsonObject("status");
                return !st.getBoolean("connected")
                        && st.getString("lastError", "").contains("another management instance")
                    ? st
                    : null;
              });
      assertTrue(fenced.getString("lastError").contains("refused (409)"), fenced.toString());
      PrometheusText ns1Metrics =
          scrape("http://" + FleetOptions.HOST + ":" + ns1.httpPort() + "/metrics");
      assertEquals(epoch + 1, Math.round(ns1Metrics.value("felu_ns_config_link_epoch")));
      assertTrue(ns1Metrics.value("felu_ns_config_links_refused_total") >= 2);
      assertTrue(ns1Metrics.value("felu_ns_config_links_superseded_total") >= 1);
      first.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
      assertEquals(401, refusal(wss, captured));

      // the config endpoint is not served over plain HTTP while TLS is required
      URI ws = URI.create("ws://" + FleetOptions.HOST + ":" + ns1.httpPort() + path);
      CompletionException plain =
          assertThrows(
              CompletionException.class,
              () ->
                  HttpClient.newHttpClient()
                      .newWebSocketBuilder()
                      .header(
                          "Authorization",
                          LinkHandshake.authorization(key, "ns1", path, epoch, Instant.now()))
                      .buildAsync(ws, new WebSocket.Listener() {})
                      .join());
      assertEquals(
          403, ((WebSocketHandshakeException) plain.getCause()).getResponse().statusCode());

      // with the newer link gone, the driver's own link is back within its backoff
      JsonObject after =
          Await.until(
              "the driver's link back",
              Duration.ofSeconds(15),
              () -> {
                JsonObject st =
                    json(Http.get(api + "/nameservers/ns1").body()).getJsonObject("status");
                return st.getBoolean("connected") ? st : null;
              });
      assertEquals(before.getJsonNumber("revision"), after.getJsonNumber("revision"));
      assertEquals(before.getString("hash"), after.getString("hash"));
      assertEquals("192.0.2.12", address(ns1, false), "ns1 still serves what it had");
    }

    /**
     * Key rotation without downtime, as an operator does it: ask for a new key, add its token to
     * the nameserver's keys file beside the old one (the nameserver re-reads it, no restart), see
     * the management server promote it, remove the old key, and the link still works and serves
     * changes.
     */
    @Test
    @Order(9)
    void linkKeyRotatesWithoutRestartingTheNameserver() throws Exception {
      NameserverProcess ns1 = fleet.nameserver("ns1");
      String oldToken =
          Files.readAllLines(ns1.keysFile()).stream()
              .filter(l -> l.startsWith("felu1."))
              .findFirst()
              .orElseThrow();
      String oldKeyId = BootstrapToken.parse(oldToken).key().id();

      HttpResponse<String> rotated = Http.send("POST", api + "/nameservers/ns1/keys", null);
      assertEquals(201, rotated.statusCode(), rotated.body());
      String newToken = json(rotated.body()).getString("bootstrapToken");
      String newKeyId = json(rotated.body()).getString("keyId");
      assertEquals("PENDING", keyState("ns1", newKeyId), "the nameserver does not know it yet");
      assertEquals("ACTIVE", keyState("ns1", oldKeyId));

      ns1.writeKeys(List.of(oldToken, newToken));
      Await.until(
          "the new key promoted",
          Duration.ofSeconds(30),
          () -> "ACTIVE".equals(keyState("ns1", newKeyId)));
      assertEquals("RETIRED", keyState("ns1", oldKeyId));

      ns1.writeKeys(List.of(newToken));
      URI wss = URI.create(ns1.configUrl());
      LinkKey oldKey = BootstrapToken.parse(oldToken).key();
      assertEquals(
          401,
          refusal(
              wss,
              LinkHandshake.authorization(
                  oldKey, "ns1", wss.getRawPath(), Long.MAX_VALUE, Instant.now())),
          "the old key is refused once removed from the file");

      // a fresh handshake with the new key alone (disable/enable drops and rebuilds the link)
      assertEquals(
          200,
          Http.send("PUT", api + "/nameservers/ns1", ApiJson.of("enabled", false)).statusCode());
      assertEquals(
          200,
          Http.send("PUT", api + "/nameservers/ns1", ApiJson.of("enabled", true)).statusCode());
      assertEquals(
          201,
          Http.send(
                  "POST",
                  api + "/zones",
                  ApiJson.zone("rotated.test.", ApiJson.record("www", "A", "192.0.2.77")))
              .statusCode());
      Await.until(
          "ns1 serving a change after the rotation",
          Duration.ofSeconds(30),
          () -> {
            List<Record> a = query(ns1, "www.rotated.test.", false).getSection(Section.ANSWER);
            return a.size() == 1 && a.get(0).rdataToString().equals("192.0.2.77");
          });
      Await.until("ns1 in sync", Duration.ofSeconds(15), () -> SyncCheck.inSync(api, "ns1"));
    }
  }

  /** The management UI behind its login, listing what the REST API created. */
  @Nested
  @Order(3)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class AdminUi {
    @Test
    @Order(4)
    void adminPageListsZonesWithTheirRecords() throws Exception {
      String ui = fleet.options().managementUrl();
      assertEquals(302, Http.get(ui + "/").statusCode(), "the UI needs a login");
      UiSession session = UiSession.login(ui, AdminPassword.USERNAME, fleet.adminPassword());
      HttpResponse<String> dashboard = session.get("/");
      assertEquals(200, dashboard.statusCode());
      assertTrue(dashboard.body().contains("ns1"), "the dashboard lists the fleet");
      assertEquals(200, session.get("/zones.xhtml").statusCode());
      assertTrue(session.get("/zones.xhtml").body().contains("example.test."), "zone listed");
      HttpResponse<String> page = session.get("/zone.xhtml?name=example.test.");
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("example.test."), "zone shown");
      assertTrue(page.body().contains("www.example.test."), "record owner listed");
      assertTrue(page.body().contains("192.0.2.12"), "record data listed");
    }
  }

  /**
   * What the fleet shows the network: loopback only, the admin port behind its password, no server
   * names.
   */
  @Nested
  @Order(4)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class Exposure {
    @Test
    @Order(6)
    void everyFleetProcessListensOnLoopbackOnly() throws Exception {
      List<ListeningSockets.Socket> sockets = ListeningSockets.of(fleet.pids());

      List<ListeningSockets.Socket> exposed = sockets.stream().filter(s -> !s.loopback()).toList();
      assertTrue(exposed.isEmpty(), "listening beyond loopback: " + exposed);
      FleetOptions o = fleet.options();
      for (int port :
          List.of(
              o.httpPort(),
              o.adminPort(),
              o.dbPort(),
              o.dnsPort(1),
              o.dnsPort(2),
              o.nsHttpPort(1),
              o.nsHttpsPort(1))) {
        assertTrue(
            sockets.stream().anyMatch(s -> s.port() == port),
            "expected a listener on port " + port + " in " + sockets);
      }
      assertTrue(
          sockets.stream()
              .anyMatch(s -> s.protocol().startsWith("udp") && s.port() == o.dnsPort(1)),
          "DNS over UDP");
    }

    /**
     * The domain's admin port (asadmin, the REST API under /management, the console) answers only
     * with the domain admin's password, which the launcher made and keeps in the fleet's secrets
     * (0600) and hands to asadmin in a password file, never in a log or a command line.
     */
    @Test
    @Order(11)
    void adminPortRefusesRequestsWithoutTheGeneratedPassword() throws Exception {
      FleetOptions o = fleet.options();
      String version =
          "http://" + FleetOptions.HOST + ":" + o.adminPort() + "/management/domain/version";
      String password = ManagementServer.adminPassword(o);
      String admin = ManagementServer.ADMIN_USER;
      for (boolean asJson : new boolean[] {true, false}) {
        String as = asJson ? " (JSON)" : " (HTML)";
        assertEquals(401, adminPort(version, asJson, null).statusCode(), "no credentials" + as);
        assertEquals(
            401,
            adminPort(version, asJson, Http.basic(admin, password + "x")).statusCode(),
            "a wrong password" + as);
        HttpResponse<String> ok = adminPort(version, asJson, Http.basic(admin, password));
        assertEquals(200, ok.statusCode(), "the generated password" + as + ": " + ok.body());
        assertTrue(ok.body().contains("Payara Server"), ok.body());
      }

      Set<java.nio.file.attribute.PosixFilePermission> ownerOnly =
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
      for (Path secret :
          List.of(
              o.secrets().resolve(ManagementServer.ADMIN_PASSWORD),
              ManagementServer.passwordFile(o),
              AdminPassword.file(o.home()))) {
        assertEquals(ownerOnly, Files.getPosixFilePermissions(secret), secret.toString());
      }
      assertEquals(
          "AS_ADMIN_PASSWORD=" + password,
          Files.readString(ManagementServer.passwordFile(o)).strip());

      List<Path> logs;
      try (Stream<Path> files =
          Stream.concat(
              Files.walk(o.logs()),
              Files.walk(o.home().resolve("domains/" + ManagementServer.DOMAIN + "/logs")))) {
        logs = files.filter(Files::isRegularFile).toList();
      }
      assertTrue(
          logs.stream().anyMatch(f -> f.getFileName().toString().equals("asadmin.log")),
          "asadmin's log is among " + logs);
      for (Path log : logs) {
        assertFalse(
            new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains(password),
            "the domain admin's password in " + log);
      }
      for (long pid : fleet.pids()) {
        String cmdline =
            new String(
                Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(cmdline.contains(password), "the password on the command line of " + pid);
      }
    }

    /**
     * No HTTP answer of the fleet names its server or version: no {@code Server} and no {@code
     * X-Powered-By} header from the management server (a page, an API call, the admin port) nor
     * from a nameserver (health and metrics over HTTP, health over its mTLS HTTPS listener).
     */
    @Test
    @Order(12)
    void httpAnswersNameNeitherServerNorVersion() throws Exception {
      FleetOptions o = fleet.options();
      NameserverProcess ns1 = fleet.nameserver("ns1");
      String nsHttp = "http://" + FleetOptions.HOST + ":" + ns1.httpPort();
      List<HttpResponse<String>> answers =
          List.of(
              Http.get(management + "/login.xhtml"),
              Http.get(management + "/"),
              Http.get(api + "/config"),
              Http.send("GET", api + "/zones/no-such-zone.test.", null),
              adminPort(
                  "http://"
                      + FleetOptions.HOST
                      + ":"
                      + o.adminPort()
                      + "/management/domain/version",
                  true,
                  Http.basic(ManagementServer.ADMIN_USER, ManagementServer.adminPassword(o))),
              Http.get(nsHttp + "/health/ready"),
              Http.get(nsHttp + "/metrics"),
              Http.get(nsHttp + "/no-such-page"),
              HttpClient.newBuilder()
                  .sslContext(labTls(true))
                  .connectTimeout(Duration.ofSeconds(5))
                  .build()
                  .send(
                      java.net.http.HttpRequest.newBuilder(
                              URI.create(
                                  "https://"
                                      + FleetOptions.HOST
                                      + ":"
                                      + ns1.httpsPort()
                                      + "/health/ready"))
                          .timeout(Duration.ofSeconds(30))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()));
      for (HttpResponse<String> r : answers) {
        String what = r.request().method() + " " + r.uri() + " → " + r.statusCode();
        assertTrue(r.statusCode() < 500, what);
        assertEquals(
            java.util.Optional.empty(), r.headers().firstValue("Server"), "Server header: " + what);
        assertEquals(
            java.util.Optional.empty(),
            r.headers().firstValue("X-Powered-By"),
            "X-Powered-By header: " + what);
      }
    }
  }

  /** DNS answers: REFUSED outside the zones, NXDOMAIN inside, and the conformance suite. */
  @Nested
  @Order(5)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class Dns {
    @Test
    @Order(5)
    void nameserversAnswerRefusedOutsideTheirZonesAndNxdomainInside() throws Exception {
      NameserverProcess ns1 = fleet.nameserver("ns1");
      assertEquals(Rcode.REFUSED, query(ns1, "www.not-served.test.", false).getRcode());
      Message nx = query(ns1, "nope.example.test.", true);
      assertEquals(Rcode.NXDOMAIN, nx.getRcode());
      assertEquals(Type.SOA, nx.getSection(Section.AUTHORITY).get(0).getType());
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
        // transfers allowed from loopback, as the reference Knot allowed them
        HttpResponse<String> transfer =
            Http.send(
                "PUT",
                api + "/zones/" + zone.name() + "/transfer",
                "{\"networks\":[\"127.0.0.0/8\"]}");
        assertEquals(200, transfer.statusCode(), zone.name() + ": " + transfer.body());
      }
      NameserverProcess ns1 = fleet.nameservers().get(0);
      Await.until(
          ns1.name() + " serving the conformance zones",
          Duration.ofSeconds(15),
          () -> SyncCheck.inSync(api, ns1.name()));
      return new ConformanceSuite(new InetSocketAddress(FleetOptions.HOST, ns1.dnsPort()))
          .knotCases();
    }
  }

  /** Metrics and health of both sides, and every metric the dashboard may use. */
  @Nested
  @Order(6)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class Observability {
    @Test
    @Order(8)
    void nameserverAndManagementServerExportMetricsAndHealth() throws Exception {
      NameserverProcess ns1 = fleet.nameserver("ns1");
      HttpResponse<String> created =
          Http.send(
              "POST",
              api + "/zones",
              ApiJson.zone(
                  "metrics.test.",
                  ApiJson.record("@", "NS", 3600, "ns1.metrics.test."),
                  ApiJson.record("www", "A", 300, "192.0.2.20")));
      assertEquals(201, created.statusCode(), created.body());
      Await.until(
          "ns1 in sync with metrics.test.",
          Duration.ofSeconds(15),
          () -> SyncCheck.inSync(api, "ns1"));
      long head = json(Http.get(api + "/config").body()).getJsonNumber("revision").longValue();

      // queries, counted against what ns1 had counted before them
      String nsMetrics = "http://" + FleetOptions.HOST + ":" + ns1.httpPort() + "/metrics";
      PrometheusText before = scrape(nsMetrics);
      for (int i = 0; i < 3; i++) {
        assertEquals(Rcode.NOERROR, query(ns1, "www.metrics.test.", false).getRcode());
      }
      for (int i = 0; i < 2; i++) {
        assertEquals(Rcode.NOERROR, query(ns1, "www.metrics.test.", true).getRcode());
      }
      assertEquals(Rcode.NXDOMAIN, query(ns1, "nope.metrics.test.", false).getRcode());

      String[] udpA = {"protocol", "udp", "qtype", "A", "rcode", "NOERROR"};
      String[] tcpA = {"protocol", "tcp", "qtype", "A", "rcode", "NOERROR"};
      String[] udpNx = {"protocol", "udp", "qtype", "A", "rcode", "NXDOMAIN"};
      String queries = "felu_dns_queries_total";
      PrometheusText after =
          Await.until(
              "ns1 exporting the new queries",
              Duration.ofSeconds(10),
              () -> {
                PrometheusText t = scrape(nsMetrics);
                return t.valueOrZero(queries, udpA) == before.valueOrZero(queries, udpA) + 3
                        && t.valueOrZero(queries, tcpA) == before.valueOrZero(queries, tcpA) + 2
                        && t.valueOrZero(queries, udpNx) == before.valueOrZero(queries, udpNx) + 1
                    ? t
                    : null;
              });
      String count = "felu_dns_response_seconds_count";
      String bucket = "felu_dns_response_seconds_bucket";
      // every answer is timed once: as many UDP responses as UDP queries since before — ours and
      // the management server's DNS health probes, which may land meanwhile
      PrometheusText timed =
          Await.until(
              "ns1 timing every response",
              Duration.ofSeconds(10),
              () -> {
                PrometheusText t = scrape(nsMetrics);
                double udpQueries = udpQueries(t, queries) - udpQueries(before, queries);
                double udpTimed =
                    t.value(count, "protocol", "udp")
                        - before.valueOrZero(count, "protocol", "udp");
                return udpTimed >= 4 && udpTimed == udpQueries ? t : null;
              });
      assertEquals(
          before.valueOrZero(count, "protocol", "tcp") + 2, after.value(count, "protocol", "tcp"));
      after = timed;
      assertEquals(
          after.value(count, "protocol", "udp"),
          after.value(bucket, "protocol", "udp", "le", "+Inf"));
      // Payara orders series by their label text, not by bound: sort by le before comparing
      List<PrometheusText.Sample> udpBuckets =
          after.samples().stream()
              .filter(s -> s.name().equals(bucket) && "udp".equals(s.labels().get("protocol")))
              .sorted(
                  java.util.Comparator.comparingDouble(
                      s ->
                          s.labels().get("le").equals("+Inf")
                              ? Double.POSITIVE_INFINITY
                              : Double.parseDouble(s.labels().get("le"))))
              .toList();
      assertEquals(14, udpBuckets.size(), "13 bounds and +Inf");
      double previous = 0;
      for (PrometheusText.Sample s : udpBuckets) {
        assertTrue(s.value() >= previous, "buckets cumulative: " + udpBuckets);
        previous = s.value();
      }
      assertEquals(head, after.value("felu_ns_config_revision"));
      assertTrue(after.value("felu_ns_zones") >= 1);
      assertTrue(after.value("felu_ns_config_last_apply_timestamp_seconds") > 0);
      assertEquals(1, after.value("felu_ns_serving"));
      assertTrue(after.value("felu_dns_tcp_connections_accepted_total") >= 1);
      assertEquals(0, after.value("felu_dns_responder_failures_total", "protocol", "udp"));

      for (String probe : List.of("/health/live", "/health/ready")) {
        HttpResponse<String> health =
            Http.get("http://" + FleetOptions.HOST + ":" + ns1.httpPort() + probe);
        assertEquals(200, health.statusCode(), probe + ": " + health.body());
        assertEquals("UP", json(health.body()).getString("status"), probe);
      }
      assertTrue(
          Http.get(ns1.healthUrl().replace("ready", "live")).body().contains("dns-listeners"));

      // the management side: push latency sampled for the change above, ns1 not lagging
      PrometheusText mgmt =
          Await.until(
              "management metrics for ns1 in sync",
              Duration.ofSeconds(10),
              () -> {
                PrometheusText t = scrape(management + "/metrics");
                return t.valueOrZero("felu_push_latency_seconds_count") > 0
                        && Double.valueOf(0)
                            .equals(t.value("felu_nameserver_lag", "nameserver", "ns1"))
                    ? t
                    : null;
              });
      assertEquals(
          mgmt.value("felu_push_latency_seconds_count"),
          mgmt.value("felu_push_latency_seconds_bucket", "le", "+Inf"));
      assertTrue(mgmt.value("felu_push_latency_seconds_sum") > 0);
      assertEquals(1, mgmt.value("felu_nameserver_connected", "nameserver", "ns1"));
      assertEquals(1, mgmt.value("felu_nameserver_in_sync", "nameserver", "ns1"));
      assertEquals(1, mgmt.value("felu_fleet_leader"), "the only instance drives the fleet");
      assertTrue(mgmt.value("felu_fleet_leader_epoch") > 0);
      assertTrue(mgmt.value("felu_config_head_revision") >= head);
      assertEquals(200, Http.get(management + "/health/live").statusCode());

      // every metric the Grafana dashboard may use is exported by one side or the other
      Set<String> exported = new TreeSet<>(after.names());
      exported.addAll(mgmt.names());
      for (String name : DashboardTest.exportedMetrics()) {
        assertTrue(exported.contains(name), name + " is listed for the dashboard but not exported");
      }
    }
  }

  /** All UDP queries ns1 counted, whatever their type and answer. */
  private static double udpQueries(PrometheusText t, String queries) {
    return t.samples().stream()
        .filter(x -> x.name().equals(queries) && "udp".equals(x.labels().get("protocol")))
        .mapToDouble(PrometheusText.Sample::value)
        .sum();
  }

  private static PrometheusText scrape(String url) throws IOException, InterruptedException {
    return PrometheusText.scrape(url);
  }

  /** A GET on the domain's admin port, as JSON or as the HTML its browser users get. */
  private static HttpResponse<String> adminPort(String url, boolean asJson, String authorization)
      throws Exception {
    java.net.http.HttpRequest.Builder b =
        java.net.http.HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
    // always an Accept: without one, a slow admin command may answer as an SSE progress stream
    b.header("Accept", asJson ? "application/json" : "text/html");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build()
        .send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String keyState(String nameserver, String keyId) throws Exception {
    JsonArray keys = json(Http.get(api + "/nameservers/" + nameserver).body()).getJsonArray("keys");
    return keys.stream()
        .map(JsonObject.class::cast)
        .filter(k -> k.getString("keyId").equals(keyId))
        .map(k -> k.getString("state"))
        .findFirst()
        .orElse(null);
  }

  private static List<LinkKey> keysOf(NameserverProcess ns) throws IOException {
    return Keyring.parse(Files.readString(ns.keysFile()), "keys file").entries().stream()
        .map(Keyring.Entry::key)
        .toList();
  }

  /** A WebSocket handshake over wss with the lab truststore, with or without the client cert. */
  private static WebSocket handshake(URI uri, boolean clientCert, String authorization)
      throws Exception {
    WebSocket.Builder b =
        HttpClient.newBuilder()
            .sslContext(labTls(clientCert))
            .connectTimeout(Duration.ofSeconds(5))
            .build()
            .newWebSocketBuilder();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b.buildAsync(uri, new WebSocket.Listener() {}).join();
  }

  /** The HTTP status that refused a handshake (with a client certificate). */
  private static int refusal(URI uri, String authorization) {
    CompletionException e =
        assertThrows(CompletionException.class, () -> handshake(uri, true, authorization));
    return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
  }

  private static SSLContext labTls(boolean clientCert) throws Exception {
    LabPki pki = new LabPki(fleet.options().pki());
    char[] pw = pki.password().toCharArray();
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(load(pki.truststore(), pw));
    KeyManagerFactory kmf = null;
    if (clientCert) {
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(load(pki.clientKeystore(), pw), pw);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static KeyStore load(Path file, char[] pw) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, pw);
    }
    return ks;
  }

  /** The nameserver holds the head revision and hash, as the management server reports. */
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
    return ApiJson.object(body);
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
