package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * The management server's RFC 2136 UPDATE endpoint in a real fleet, driven by {@code nsupdate}
 * (bind9-dnsutils) with a key made through the REST API: the endpoint is bound where the fleet set
 * {@code felu.update.port}; unsigned, unknown-key and wrong-secret updates are refused with
 * REFUSED, NOTAUTH(BADKEY) and NOTAUTH(BADSIG); a zone felu does not serve is NOTAUTH;
 * prerequisites are judged (NXDOMAIN, YXRRSET) before the key's policy; a key with no update policy
 * is REFUSED (default deny) and nothing changes; the refusals are counted in {@code
 * felu_update_requests_total}; a nameserver answers an UPDATE REFUSED. An update outside a key's
 * policy is audited as the key. Safety: a burst of updates beside REST edits of the same RRset
 * loses nothing and is served ({@link #aBurstOfUpdatesBesideRestEditsOfTheSameRrsetLosesNothing},
 * which also reads the latency metrics), and one client's updates in turn are applied in order.
 */
class DynamicUpdateIT {
  private static final String NSUPDATE = "/usr/bin/nsupdate";
  private static Fleet fleet;
  private static String api;
  private static int port;
  private static String secret;

  @BeforeAll
  static void startFleet() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(NSUPDATE)), "nsupdate is not installed");
    port = FreePorts.consecutive(1);
    fleet = TestFleets.start("felu.fleet.update-it.home", "target/fleet-update-it", 1, null, port);
    api = fleet.options().managementUrl() + "/api/v1";
    assertEquals(
        201,
        Http.send(
                "POST",
                api + "/zones",
                ApiJson.zone(
                    "upd.test.",
                    ApiJson.record(
                        "@",
                        "SOA",
                        3600,
                        "ns1.upd.test. hostmaster.upd.test. 10 3600 600 1209600 300"),
                    ApiJson.record("@", "NS", 3600, "ns1.upd.test."),
                    ApiJson.record("www.upd.test.", "A", 300, "192.0.2.10")))
            .statusCode());
    secret = TsigKeysApi.make(api, "upd-key.", "upd.test.");
  }

  @AfterAll
  static void stopFleet() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void refusalsGetTheirCodesAndChangeNothing() throws Exception {
    String zoneBefore = Http.get(api + "/zones/upd.test./file").body();
    String key = "hmac-sha256:upd-key.:" + secret;
    String add = "update add new.upd.test. 60 A 192.0.2.99";
    assertEquals("REFUSED", nsupdate(null, false, "zone upd.test.", add), "unsigned");
    assertEquals(
        "NOTAUTH(BADKEY)",
        nsupdate("hmac-sha256:nobody.:" + secret, false, "zone upd.test.", add),
        "unknown key");
    assertEquals(
        "NOTAUTH(BADSIG)",
        nsupdate(
            "hmac-sha256:upd-key.:" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
            true,
            "zone upd.test.",
            add),
        "wrong secret");
    assertEquals(
        "NOTAUTH",
        nsupdate(key, false, "zone other.test.", "update add x.other.test. 60 A 192.0.2.1"),
        "a zone felu does not serve");
    assertEquals(
        "NOTAUTH",
        nsupdate(key, false, "zone www.upd.test.", "update add x.www.upd.test. 60 A 192.0.2.1"),
        "a name inside a zone, not its apex");
    assertEquals(
        "NXDOMAIN",
        nsupdate(key, false, "zone upd.test.", "prereq yxdomain nothing.upd.test.", add),
        "name in use, failing");
    assertEquals(
        "YXRRSET",
        nsupdate(key, true, "zone upd.test.", "prereq nxrrset www.upd.test. A", add),
        "RRset does not exist, failing");
    assertEquals(
        "REFUSED",
        nsupdate(key, false, "zone upd.test.", "prereq yxrrset www.upd.test. A", add),
        "a key without an update policy may change nothing");
    assertEquals(zoneBefore, Http.get(api + "/zones/upd.test./file").body());
    // the nameservers take no update: REFUSED, as BIND as a secondary that does not forward
    // (its DNS port is bound once it holds its first configuration: waited for)
    int nsPort = fleet.nameservers().get(0).dnsPort();
    assertEquals(
        "REFUSED",
        Await.until(
            "ns1 answering an UPDATE",
            Duration.ofSeconds(60),
            () -> {
              String got = nsupdate(nsPort, key, false, "zone upd.test.", add);
              return got.contains("connection refused") || got.contains("timed out") ? null : got;
            }),
        "UPDATE sent to a nameserver");

    // a new series is registered by the metrics' reconciliation, once a second
    String url = fleet.options().managementUrl() + "/metrics?scope=application";
    PrometheusText metrics =
        Await.until(
            "felu_update_requests_total for upd-key.",
            Duration.ofSeconds(15),
            () -> {
              PrometheusText t = PrometheusText.scrape(url);
              return t.valueOrZero(
                              "felu_update_requests_total",
                              "key",
                              "upd-key.",
                              "zone",
                              "upd.test.",
                              "result",
                              "REFUSED")
                          >= 1
                      && t.valueOrZero("felu_update_requests_total", "result", "BADKEY") >= 1
                  ? t
                  : null;
            });
    assertTrue(metrics.names().contains("felu_update_requests_total"));
  }

  @Test
  void anAllowedUpdateIsOneChangeServedByTheNameserver() throws Exception {
    String acme = "hmac-sha256:acme-key.:" + TsigKeysApi.make(api, "acme-key.", "upd.test.");
    TsigKeysApi.allowUpdates(api, "acme-key.", "upd.test.", "pattern", "_acme-challenge.*", "TXT");

    assertEquals(
        "NOERROR",
        nsupdate(
            acme,
            false,
            "zone upd.test.",
            "update add _acme-challenge.www.upd.test. 60 TXT \"challenge-token\""));
    NameserverProcess ns = fleet.nameservers().get(0);
    Await.until(
        "ns1 serving the challenge",
        Duration.ofSeconds(30),
        () -> txt(ns, "_acme-challenge.www.upd.test.").contains("challenge-token") ? true : null);
    assertEquals(
        "REFUSED",
        nsupdate(acme, true, "zone upd.test.", "update add www2.upd.test. 60 A 192.0.2.7"),
        "outside the key's policy");
    // refused for a verified key: audited as the key, with why and what was sent
    JsonObject refused =
        ApiJson.array(Http.get(api + "/audit?user=tsig:acme-key.&size=1").body()).getJsonObject(0);
    assertEquals("update", refused.getString("entity"), refused.toString());
    assertEquals("refused", refused.getString("action"), refused.toString());
    assertEquals("upd.test.", refused.getString("zone"), refused.toString());
    assertEquals("REFUSED upd.test.", refused.getString("subject"), refused.toString());
    assertTrue(
        refused.getString("after").contains("may not change A at www2.upd.test.")
            && refused.getString("after").contains("192.0.2.7"),
        refused.toString());
    assertEquals(
        "NOERROR",
        nsupdate(acme, true, "zone upd.test.", "update delete _acme-challenge.www.upd.test. TXT"));
    Await.until(
        "ns1 no longer serving the challenge",
        Duration.ofSeconds(30),
        () -> txt(ns, "_acme-challenge.www.upd.test.").isEmpty() ? true : null);
    String audit = Http.get(api + "/audit?user=tsig:acme-key.&size=50").body();
    assertTrue(audit.contains("challenge-token"), audit);
  }

  private static final String BURST = "burst.test.";
  private static final String SHARED = "shared.burst.test.";

  /**
   * Issue 15, safety: 200 signed UPDATEs sent at once from eight clients (four keys, UDP and TCP),
   * each adding its own TXT record to one RRset, while REST clients edit and add records of that
   * same RRset with the version they read. Every UPDATE answered NOERROR is in the zone and served,
   * every REST edit acknowledged is there, an edit sent with a version read before the client's own
   * last edit is a 409 and changes nothing, nothing is there twice, and the head revision and the
   * zone's serial grew by exactly the number of acknowledged changes. Afterwards a REST edit of the
   * SOA read before the burst is a 409 (the updates moved it on), and one of a record an UPDATE
   * deleted meanwhile is a 404; neither overwrites anything. The latency metrics saw each update
   * once: receipt to commit, and receipt to served by the nameserver.
   */
  @Test
  void aBurstOfUpdatesBesideRestEditsOfTheSameRrsetLosesNothing() throws Exception {
    assertEquals(
        201,
        Http.send(
                "POST",
                api + "/zones",
                ApiJson.zone(
                    BURST,
                    ApiJson.record(
                        "@",
                        "SOA",
                        3600,
                        "ns1.burst.test. hostmaster.burst.test. 100 3600 600 1209600 300"),
                    ApiJson.record("@", "NS", 3600, "ns1.burst.test."),
                    ApiJson.record(SHARED, "TXT", 60, "\"seed\"")))
            .statusCode());
    List<TSIG> keys = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      keys.add(txtKey("burst-k" + k + ".", BURST));
    }
    int restClients = 2;
    int restEdits = 10;
    long[] restIds = new long[restClients];
    for (int r = 0; r < restClients; r++) {
      restIds[r] =
          ApiJson.object(post(SHARED, "TXT", "\"rest-" + r + "-0\""))
              .getJsonNumber("id")
              .longValue();
    }
    JsonObject soaRead = records("SOA").get(0);
    PrometheusText metricsBefore = PrometheusText.scrape(metricsUrl());
    long headBefore = head();
    long serialBefore = serial();

    int clients = 8;
    int perClient = 25;
    Map<String, String> answers = new ConcurrentHashMap<>();
    List<String> restAcknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger staleRefused = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients + restClients + 1);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> work = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      work.add(
          pool.submit(
              () -> {
                start.await();
                SimpleResolver resolver = resolver(keys.get(client % keys.size()), client % 2 == 1);
                for (int i = 0; i < perClient; i++) {
                  String value = "u-" + client + "-" + i;
                  Update u = new Update(Name.fromString(BURST));
                  u.add(Name.fromString(SHARED), Type.TXT, 60, "\"" + value + "\"");
                  try {
                    answers.put(value, Rcode.string(resolver.send(u).getRcode()));
                  } catch (java.io.IOException e) {
                    answers.put(value, "no answer: " + e);
                  }
                }
                return null;
              }));
    }
    for (int r = 0; r < restClients; r++) {
      int client = r;
      work.add(
          pool.submit(
              () -> {
                start.await();
                for (int j = 1; j <= restEdits; j++) {
                  JsonObject read = recordById(restIds[client]);
                  long version = read.getJsonNumber("version").longValue();
                  String value = "\"rest-" + client + "-" + j + "\"";
                  HttpResponse<String> put = put(restIds[client], SHARED, "TXT", value, version);
                  if (put.statusCode() / 100 != 2) {
                    problems.add("edit " + value + ": " + put.statusCode() + " " + put.body());
                    continue;
                  }
                  restAcknowledged.add(value);
                  // a second editor still holding the version read before that edit
                  HttpResponse<String> stale =
                      put(
                          restIds[client],
                          SHARED,
                          "TXT",
                          "\"stale-" + client + "-" + j + "\"",
                          version);
                  if (stale.statusCode() == 409) {
                    staleRefused.incrementAndGet();
                  } else {
                    problems.add("stale edit: " + stale.statusCode() + " " + stale.body());
                  }
                }
                return null;
              }));
    }
    work.add(
        pool.submit(
            () -> {
              start.await();
              for (int j = 0; j < restEdits; j++) {
                String value = "\"rest-add-" + j + "\"";
                HttpResponse<String> added =
                    Http.send(
                        "POST",
                        api + "/zones/" + BURST + "/records",
                        recordJson(SHARED, "TXT", value, null));
                if (added.statusCode() == 201) {
                  restAcknowledged.add(value);
                } else {
                  problems.add("add " + value + ": " + added.statusCode() + " " + added.body());
                }
              }
              return null;
            }));
    start.countDown();
    try {
      for (Future<?> f : work) {
        f.get(180, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(List.of(), problems);
    assertEquals(restClients * restEdits, staleRefused.get());
    assertEquals(clients * perClient, answers.size());
    List<String> accepted = new ArrayList<>();
    answers.forEach(
        (value, rcode) -> {
          if (rcode.equals("NOERROR")) {
            accepted.add("\"" + value + "\"");
          } else {
            // only the key's rate limit may refuse one (REFUSED); a lost answer would be a failure
            assertEquals("REFUSED", rcode, value);
          }
        });
    assertTrue(accepted.size() >= clients * perClient / 2, "accepted " + accepted.size());
    int restChanges = restAcknowledged.size();
    assertEquals(restClients * restEdits + restEdits, restChanges);

    List<String> held = new ArrayList<>();
    for (JsonObject r : records("TXT")) {
      if (r.getString("name").equals(SHARED)) {
        held.add(r.getString("data"));
      }
    }
    java.util.Set<String> expected = new java.util.TreeSet<>(accepted);
    expected.add("\"seed\"");
    for (int r = 0; r < restClients; r++) {
      expected.add("\"rest-" + r + "-" + restEdits + "\"");
    }
    for (int j = 0; j < restEdits; j++) {
      expected.add("\"rest-add-" + j + "\"");
    }
    assertEquals(
        expected, new java.util.TreeSet<>(held), "every acknowledged change, nothing else");
    assertEquals(expected.size(), held.size(), "nothing twice");
    int changes = accepted.size() + restChanges;
    assertEquals(headBefore + changes, head(), "one revision per acknowledged change");
    assertEquals(serialBefore + changes, serial(), "one serial step per acknowledged change");

    NameserverProcess ns = fleet.nameservers().get(0);
    Await.until(
        "ns1 serving every acknowledged TXT record",
        Duration.ofSeconds(30),
        () -> txtSet(ns, SHARED).equals(expected) ? true : null);

    // the SOA as read before the burst: every update moved it on since
    HttpResponse<String> staleSoa =
        put(
            soaRead.getJsonNumber("id").longValue(),
            "@",
            "SOA",
            "ns1.burst.test. hostmaster.burst.test. 5000 3600 600 1209600 300",
            soaRead.getJsonNumber("version").longValue());
    assertEquals(409, staleSoa.statusCode(), staleSoa.body());
    assertTrue(staleSoa.body().contains("version"), staleSoa.body());
    assertEquals(serialBefore + changes, serial(), "the stale SOA edit changed nothing");
    // a record an UPDATE deleted after a REST client read it
    JsonObject doomed = ApiJson.object(post(SHARED, "TXT", "\"doomed\""));
    TSIG key = keys.get(0);
    Update delete = new Update(Name.fromString(BURST));
    delete.delete(Name.fromString(SHARED), Type.TXT, "\"doomed\"");
    assertEquals(Rcode.NOERROR, resolver(key, false).send(delete).getRcode());
    HttpResponse<String> gone =
        put(
            doomed.getJsonNumber("id").longValue(),
            SHARED,
            "TXT",
            "\"resurrected\"",
            doomed.getJsonNumber("version").longValue());
    assertEquals(404, gone.statusCode(), gone.body());
    assertFalse(Http.get(api + "/zones/" + BURST + "/file").body().contains("resurrected"));

    // each accepted update observed once by both latency histograms
    String url = metricsUrl();
    PrometheusText after =
        Await.until(
            "felu_update_served_seconds_count counting the burst",
            Duration.ofSeconds(30),
            () -> {
              PrometheusText t = PrometheusText.scrape(url);
              return t.valueOrZero("felu_update_served_seconds_count")
                          - metricsBefore.valueOrZero("felu_update_served_seconds_count")
                      >= accepted.size() + 1 // the doomed record's deletion
                  ? t
                  : null;
            });
    double commits =
        after.valueOrZero("felu_update_commit_seconds_count")
            - metricsBefore.valueOrZero("felu_update_commit_seconds_count");
    double served =
        after.valueOrZero("felu_update_served_seconds_count")
            - metricsBefore.valueOrZero("felu_update_served_seconds_count");
    assertEquals(accepted.size() + 1, commits, 0.0);
    assertEquals(accepted.size() + 1, served, 0.0);
    assertEquals(0, after.valueOrZero("felu_update_served_dropped_total"));
    double commitSeconds =
        after.valueOrZero("felu_update_commit_seconds_sum")
            - metricsBefore.valueOrZero("felu_update_commit_seconds_sum");
    double servedSeconds =
        after.valueOrZero("felu_update_served_seconds_sum")
            - metricsBefore.valueOrZero("felu_update_served_seconds_sum");
    assertTrue(
        servedSeconds >= commitSeconds && commitSeconds > 0,
        "served " + servedSeconds + " s, committed " + commitSeconds + " s");
    assertEquals(
        served,
        after.valueOrZero("felu_update_served_seconds_bucket", "le", "+Inf")
            - metricsBefore.valueOrZero("felu_update_served_seconds_bucket", "le", "+Inf"),
        0.0);
    System.out.printf(
        "burst: %d of %d updates accepted, %d REST changes; mean receipt to commit %.1f ms,"
            + " to served %.1f ms%n",
        accepted.size(),
        clients * perClient,
        restChanges,
        commitSeconds * 1000 / commits,
        servedSeconds * 1000 / served);
  }

  /**
   * Issue 15, order: UPDATEs one client sends one after the other, each waiting for its answer, are
   * applied in that order: twenty replacements of one TXT RRset (delete the RRset, add the next
   * value, one UPDATE each, UDP and TCP in turn) end in the last value, served, and the audit log
   * shows the values created in the order sent.
   */
  @Test
  void updatesOneClientSendsInTurnAreAppliedInThatOrder() throws Exception {
    String zone = "order.test.";
    assertEquals(201, Http.send("POST", api + "/zones", ApiJson.zone(zone)).statusCode());
    TSIG key = txtKey("order-key.", zone);
    String name = "step.order.test.";
    long headBefore = head();
    int steps = 20;
    for (int i = 1; i <= steps; i++) {
      Update u = new Update(Name.fromString(zone));
      u.delete(Name.fromString(name), Type.TXT);
      u.add(Name.fromString(name), Type.TXT, 60, "\"step-" + i + "\"");
      assertEquals(Rcode.NOERROR, resolver(key, i % 2 == 0).send(u).getRcode(), "step " + i);
    }
    assertEquals(headBefore + steps, head());
    List<String> held = new ArrayList<>();
    for (JsonObject r : records(zone, "TXT")) {
      if (r.getString("name").equals(name)) {
        held.add(r.getString("data"));
      }
    }
    assertEquals(List.of("\"step-" + steps + "\""), held);
    NameserverProcess ns = fleet.nameservers().get(0);
    Await.until(
        "ns1 serving the last step",
        Duration.ofSeconds(30),
        () -> txt(ns, name).equals("\"step-" + steps + "\"") ? true : null);
    JsonArray audit = ApiJson.array(Http.get(api + "/audit?user=tsig:order-key.&size=100").body());
    List<String> created = new ArrayList<>();
    long lastId = Long.MAX_VALUE;
    for (JsonValue v : audit) {
      JsonObject e = v.asJsonObject();
      assertTrue(e.getJsonNumber("id").longValue() < lastId, "newest first");
      lastId = e.getJsonNumber("id").longValue();
      if (e.getString("action").equals("create")
          && e.getString("subject").endsWith(" " + name + " TXT")) {
        created.add(0, e.getString("after"));
      }
    }
    assertEquals(steps, created.size(), created.toString());
    for (int i = 1; i <= steps; i++) {
      assertTrue(created.get(i - 1).contains("\"step-" + i + "\""), created.toString());
    }
  }

  /** A new TSIG key that may change TXT records anywhere in the zone. */
  private static TSIG txtKey(String name, String zone) throws Exception {
    String secret = TsigKeysApi.make(api, name);
    TsigKeysApi.allowUpdates(api, name, zone, "subtree", zone, "TXT");
    return new TSIG(TSIG.HMAC_SHA256, Name.fromString(name), secret);
  }

  private static SimpleResolver resolver(TSIG key, boolean tcp) throws Exception {
    SimpleResolver r = new SimpleResolver("127.0.0.1");
    r.setPort(port);
    r.setTCP(tcp);
    r.setTimeout(Duration.ofSeconds(20)); // the fleet answers once served (at most 10 s)
    r.setTSIGKey(key);
    return r;
  }

  private static String recordJson(String name, String type, String data, Long version) {
    var b =
        Json.createObjectBuilder()
            .add("name", name)
            .add("type", type)
            .add("ttl", 60)
            .add("data", data);
    if (version != null) {
      b.add("version", version);
    }
    return b.build().toString();
  }

  private static String post(String name, String type, String data) throws Exception {
    HttpResponse<String> r =
        Http.send("POST", api + "/zones/" + BURST + "/records", recordJson(name, type, data, null));
    assertEquals(201, r.statusCode(), r.body());
    return r.body();
  }

  private static HttpResponse<String> put(
      long id, String name, String type, String data, long version) throws Exception {
    return Http.send(
        "PUT", api + "/zones/" + BURST + "/records/" + id, recordJson(name, type, data, version));
  }

  /** The burst zone's records of one type, through REST. */
  private static List<JsonObject> records(String type) throws Exception {
    return records(BURST, type);
  }

  private static List<JsonObject> records(String zone, String type) throws Exception {
    HttpResponse<String> r =
        Http.get(api + "/zones/" + zone + "/records?search=" + type + "&size=1000");
    assertEquals(200, r.statusCode(), r.body());
    List<JsonObject> out = new ArrayList<>();
    for (JsonValue v : ApiJson.array(r.body())) {
      if (v.asJsonObject().getString("type").equals(type)) {
        out.add(v.asJsonObject());
      }
    }
    return out;
  }

  private static JsonObject recordById(long id) throws Exception {
    for (JsonObject r : records("TXT")) {
      if (r.getJsonNumber("id").longValue() == id) {
        return r;
      }
    }
    throw new AssertionError("record " + id + " is gone");
  }

  private static long head() throws Exception {
    return ApiJson.object(Http.get(api + "/config").body()).getJsonNumber("revision").longValue();
  }

  private static long serial() throws Exception {
    return Long.parseLong(records("SOA").get(0).getString("data").split("\\s+")[2]);
  }

  private static String metricsUrl() {
    return fleet.options().managementUrl() + "/metrics?scope=application";
  }

  /** The TXT data the nameserver answers for {@code name}, one string per record. */
  private static java.util.Set<String> txtSet(NameserverProcess ns, String name) throws Exception {
    SimpleResolver r = new SimpleResolver("127.0.0.1");
    r.setPort(ns.dnsPort());
    r.setTCP(true);
    r.setTimeout(Duration.ofSeconds(3));
    Message answer =
        r.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.TXT, DClass.IN)));
    java.util.Set<String> data = new java.util.TreeSet<>();
    for (Record rr : answer.getSection(Section.ANSWER)) {
      data.add(rr.rdataToString());
    }
    return data;
  }

  /** The TXT data the nameserver answers for {@code name} (empty when none). */
  private static String txt(NameserverProcess ns, String name) throws Exception {
    SimpleResolver r = new SimpleResolver("127.0.0.1");
    r.setPort(ns.dnsPort());
    r.setTimeout(Duration.ofSeconds(3));
    Message answer =
        r.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.TXT, DClass.IN)));
    StringBuilder data = new StringBuilder();
    for (Record rr : answer.getSection(Section.ANSWER)) {
      data.append(rr.rdataToString());
    }
    return data.toString();
  }

  /**
   * One nsupdate script against the endpoint; NOERROR when it succeeded, else what follows "update
   * failed: ".
   */
  private static String nsupdate(String key, boolean tcp, String... lines) throws Exception {
    return nsupdate(port, key, tcp, lines);
  }

  private static String nsupdate(int port, String key, boolean tcp, String... lines)
      throws Exception {
    Path script = Files.createTempFile("nsupdate", ".txt");
    try {
      Files.writeString(
          script, "server 127.0.0.1 " + port + "\n" + String.join("\n", lines) + "\nsend\n");
      List<String> command = new ArrayList<>(List.of(NSUPDATE, "-t", "10", "-u", "5"));
      if (tcp) {
        command.add("-v");
      }
      if (key != null) {
        command.add("-y");
        command.add(key);
      }
      command.add(script.toString());
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "TIMEOUT";
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int at = out.indexOf("update failed: ");
      if (at >= 0) {
        return out.substring(at + "update failed: ".length()).strip().split("\\s")[0];
      }
      return p.exitValue() == 0 ? "NOERROR" : "exit " + p.exitValue() + ": " + out.strip();
    } finally {
      Files.deleteIfExists(script);
    }
  }
}
