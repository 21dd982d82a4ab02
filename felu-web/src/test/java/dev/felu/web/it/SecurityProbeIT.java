package dev.felu.web.it;

import static dev.felu.web.it.HttpApi.basic;
import static dev.felu.web.it.HttpApi.body;
import static dev.felu.web.it.HttpApi.json;
import static dev.felu.web.it.HttpApi.jsonArray;
import static dev.felu.web.it.HttpApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The findings of a black-box security probe, each replayed as the attacker did it (an operator or
 * token limited to one zone, curl-like requests, the UI's pages), and the zone-scope matrix that
 * keeps the next endpoint or page from leaking another zone: every endpoint and every page, called
 * by callers limited to zone A, shows nothing of zone B.
 */
@ExtendWith(ArquillianExtension.class)
class SecurityProbeIT {
  private static final String RUN = Long.toHexString(System.nanoTime());
  private static final String PASSWORD = "probe-password-" + RUN;
  private static final String ZONE_A = "scope-a-" + RUN + ".test.";
  private static final String ZONE_B = "scope-b-" + RUN + ".test.";

  /** Data of zone B that no caller limited to zone A may ever see: an owner and a TXT value. */
  private static final String B_OWNER = "hidden-" + RUN;

  private static final String B_SECRET = "b-secret-" + RUN;

  /** A TSIG key that may transfer zone B, made by the admin. */
  private static final String B_KEY = "b-key-" + RUN + ".";

  @Deployment(testable = false)
  static WebArchive deployment() throws Exception {
    return Deployments.full();
  }

  @ArquillianResource URL base;

  private static boolean ready;
  private static String admin;
  private static String operatorA;
  private static String viewerA;
  private static String tokenA;

  private HttpApi api() {
    return new HttpApi(base);
  }

  private HttpResponse<String> send(String auth, String method, String path, String body)
      throws Exception {
    return api().send(auth, method, path, body);
  }

  private void setUp() throws Exception {
    if (ready) {
      return;
    }
    admin = basic("admin", System.getProperty("felu.test.admin.password"));
    ok(send(admin, "POST", "api/v1/zones", body(Map.of("name", ZONE_A))));
    ok(send(admin, "POST", "api/v1/zones", body(Map.of("name", ZONE_B))));
    ok(send(admin, "POST", "api/v1/zones/" + ZONE_A + "/records", txt("visible", "a-data")));
    ok(send(admin, "POST", "api/v1/zones/" + ZONE_B + "/records", txt(B_OWNER, B_SECRET)));
    ok(
        send(
            admin,
            "POST",
            "api/v1/tsig-keys",
            body(Map.of("name", B_KEY, "zones", List.of(ZONE_B)))));
    ok(
        send(
            admin,
            "PUT",
            "api/v1/tsig-keys/" + B_KEY + "/update-policy",
            bPolicy("_acme-challenge.*")));
    operatorA = account("probe-op-" + RUN, "operator", List.of(ZONE_A));
    viewerA = account("probe-viewer-" + RUN, "viewer", List.of(ZONE_A));
    tokenA =
        "Bearer "
            + json(ok(send(
                        operatorA,
                        "POST",
                        "api/v1/tokens",
                        body(Map.of("name", "a-only", "zones", List.of(ZONE_A)))))
                    .body())
                .getString("secret");
    ready = true;
  }

  /** Makes an account (zones null: none given) and returns its Basic credentials. */
  private String account(String username, String role, List<String> zones) throws Exception {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("username", username);
    spec.put("password", PASSWORD);
    spec.put("role", role);
    if (zones != null) {
      spec.put("zones", zones);
    }
    ok(send(admin, "POST", "api/v1/accounts", body(spec)));
    return basic(username, PASSWORD);
  }

  /** An update policy of one rule: TXT records of zone B that {@code pattern} matches. */
  private static String bPolicy(String pattern) {
    return body(
        Map.of(
            "rules",
            List.of(
                Map.of(
                    "zone",
                    ZONE_B,
                    "match",
                    "pattern",
                    "name",
                    pattern,
                    "types",
                    List.of("TXT")))));
  }

  /** A TXT record of one string, as the API takes it. */
  private static String txt(String owner, String value) {
    return body(Map.of("name", owner, "type", "TXT", "ttl", 300, "data", "\"" + value + "\""));
  }

  // ---- the scope matrix ----

  /** A request of the scope matrix; {@code namesB} when the request itself names zone B. */
  record Call(String method, String path, String body, boolean namesB) {}

  /**
   * One row per REST endpoint: the request a caller limited to zone A makes of it, aimed at zone B
   * wherever the endpoint takes a zone. A new endpoint without a row fails the matrix.
   */
  private Map<String, Call> restRows() throws Exception {
    long bRevision = revisionOf(ZONE_B);
    long bRecord = recordId(ZONE_B, B_OWNER);
    Map<String, Call> r = new LinkedHashMap<>();
    r.put("GET zones", new Call("GET", "zones", null, false));
    r.put("POST zones", new Call("POST", "zones", body(Map.of("name", ZONE_B)), true));
    r.put("GET zones/{zone}", new Call("GET", "zones/" + ZONE_B, null, true));
    r.put("GET zones/{zone}/file", new Call("GET", "zones/" + ZONE_B + "/file", null, true));
    r.put(
        "PUT zones/{zone}/file",
        new Call("PUT", "zones/" + ZONE_B + "/file?dryRun=true", "x IN A 192.0.2.1\n", true));
    r.put("DELETE zones/{zone}", new Call("DELETE", "zones/" + ZONE_B, null, true));
    r.put(
        "POST zones/import",
        new Call(
            "POST", "zones/import?dryRun=true", body(Map.of(ZONE_B, "x IN A 192.0.2.1")), true));
    r.put(
        "POST zones/transfer",
        new Call(
            "POST",
            "zones/transfer?dryRun=true",
            body(Map.of("primary", "127.0.0.1", "zones", List.of(ZONE_B))),
            true));
    r.put("GET zones/{zone}/records", new Call("GET", "zones/" + ZONE_B + "/records", null, true));
    r.put(
        "GET zones/{zone}/transfer", new Call("GET", "zones/" + ZONE_B + "/transfer", null, true));
    r.put(
        "PUT zones/{zone}/transfer",
        new Call(
            "PUT",
            "zones/" + ZONE_B + "/transfer",
            body(Map.of("networks", List.of("0.0.0.0/0"))),
            true));
    r.put("GET zones/{zone}/notify", new Call("GET", "zones/" + ZONE_B + "/notify", null, true));
    r.put(
        "PUT zones/{zone}/notify",
        new Call(
            "PUT",
            "zones/" + ZONE_B + "/notify",
            body(Map.of("secondaries", List.of(Map.of("address", "192.0.2.1", "key", B_KEY)))),
            true));
    r.put(
        "POST zones/{zone}/records",
        new Call("POST", "zones/" + ZONE_B + "/records", txt("x", "y"), true));
    r.put(
        "PUT zones/{zone}/records/{id}",
        new Call("PUT", "zones/" + ZONE_B + "/records/" + bRecord, txt("x", "y"), true));
    r.put(
        "DELETE zones/{zone}/records/{id}",
        new Call("DELETE", "zones/" + ZONE_B + "/records/" + bRecord, null, true));
    r.put("GET nameservers", new Call("GET", "nameservers", null, false));
    r.put("GET nameservers/{name}", new Call("GET", "nameservers/none-" + RUN, null, false));
    r.put(
        "POST nameservers",
        new Call(
            "POST",
            "nameservers",
            "{\"name\":\"x\",\"configUrl\":\"ws://127.0.0.1:9/ns/config\",\"dnsHost\":\"127.0.0.1\"}",
            false));
    r.put("PUT nameservers/{name}", new Call("PUT", "nameservers/x", "{}", false));
    r.put("DELETE nameservers/{name}", new Call("DELETE", "nameservers/x", null, false));
    r.put("POST nameservers/{name}/keys", new Call("POST", "nameservers/x/keys", null, false));
    r.put("POST nameservers/{name}/resync", new Call("POST", "nameservers/x/resync", null, false));
    r.put("GET config", new Call("GET", "config", null, false));
    r.put("GET config/revisions", new Call("GET", "config/revisions?limit=500", null, false));
    r.put(
        "GET config/revisions/{revision}",
        new Call("GET", "config/revisions/" + bRevision, null, false));
    r.put(
        "POST tokens",
        new Call("POST", "tokens", body(Map.of("name", "b", "zones", List.of(ZONE_B))), true));
    r.put("GET tokens", new Call("GET", "tokens", null, false));
    r.put("DELETE tokens/{id}", new Call("DELETE", "tokens/999999999", null, false));
    r.put("GET accounts", new Call("GET", "accounts", null, false));
    r.put("GET accounts/{username}", new Call("GET", "accounts/admin", null, false));
    r.put(
        "POST accounts",
        new Call(
            "POST",
            "accounts",
            body(Map.of("username", "x-" + RUN, "password", PASSWORD, "role", "admin")),
            false));
    r.put("PUT accounts/{username}", new Call("PUT", "accounts/admin", "{}", false));
    r.put("DELETE accounts/{username}", new Call("DELETE", "accounts/admin", null, false));
    r.put("GET audit", new Call("GET", "audit?zone=" + ZONE_B, null, true));
    // a TSIG key that may transfer zone B: neither it nor zone B's name shows
    r.put("GET tsig-keys", new Call("GET", "tsig-keys", null, false));
    r.put("GET tsig-keys/{name}", new Call("GET", "tsig-keys/" + B_KEY, null, false));
    r.put(
        "POST tsig-keys",
        new Call("POST", "tsig-keys", body(Map.of("name", "x", "zones", List.of(ZONE_B))), true));
    r.put(
        "PUT tsig-keys/{name}",
        new Call(
            "PUT", "tsig-keys/" + B_KEY, body(Map.of("zones", List.of(ZONE_A, ZONE_B))), true));
    r.put("DELETE tsig-keys/{name}", new Call("DELETE", "tsig-keys/" + B_KEY, null, false));
    // its update policy names zone B: neither shows, nor may a rule for zone B be set
    r.put(
        "GET tsig-keys/{name}/update-policy",
        new Call("GET", "tsig-keys/" + B_KEY + "/update-policy", null, false));
    r.put(
        "PUT tsig-keys/{name}/update-policy",
        new Call("PUT", "tsig-keys/" + B_KEY + "/update-policy", bPolicy("*"), true));
    return r;
  }

  @Test
  void noEndpointShowsOrChangesAnotherZoneToACallerLimitedToOneZone() throws Exception {
    setUp();
    Map<String, Call> rows = restRows();
    HttpApi.assertEveryEndpointHasARow(rows.keySet(), "the REST scope matrix");
    String before = recordsOf(ZONE_B);
    List<String> leaks = new ArrayList<>();
    for (Map.Entry<String, String> caller :
        Map.of("operator", operatorA, "viewer", viewerA, "token", tokenA).entrySet()) {
      for (Map.Entry<String, Call> row : rows.entrySet()) {
        Call c = row.getValue();
        HttpResponse<String> r =
            send(caller.getValue(), c.method(), "api/v1/" + c.path(), c.body());
        String leak = leak(r.body(), c.namesB());
        if (leak != null) {
          leaks.add(row.getKey() + " as " + caller.getKey() + " shows " + leak + ": " + r.body());
        }
        if (c.namesB() && r.statusCode() < 400) {
          leaks.add(row.getKey() + " as " + caller.getKey() + " succeeded: " + r.statusCode());
        }
      }
    }
    assertTrue(leaks.isEmpty(), String.join("\n", leaks));
    assertEquals(before, recordsOf(ZONE_B), "zone B is as it was");
    assertEquals(
        List.of(ZONE_B),
        json(ok(send(admin, "GET", "api/v1/tsig-keys/" + B_KEY, null)).body())
            .getJsonArray("zones")
            .getValuesAs(jakarta.json.JsonString.class)
            .stream()
            .map(jakarta.json.JsonString::getString)
            .toList(),
        "the TSIG key of zone B is as it was");
    assertTrue(
        ok(send(admin, "GET", "api/v1/tsig-keys/" + B_KEY + "/update-policy", null))
            .body()
            .contains("\"_acme-challenge.*\""),
        "the update policy of zone B's key is as it was");
    // and the matrix is not blind: the same callers do see their own zone
    assertTrue(send(tokenA, "GET", "api/v1/zones", null).body().contains(ZONE_A));
  }

  /**
   * One row per page, opened by the zone-A operator, aimed at zone B where the page takes a zone. A
   * new page without a row fails.
   */
  private static Map<String, Boolean> pageRows() {
    Map<String, Boolean> p = new LinkedHashMap<>();
    p.put("login.xhtml", false);
    p.put("index.xhtml", false);
    p.put("zones.xhtml", false);
    p.put("zone.xhtml?name=" + ZONE_B, true);
    p.put("nameservers.xhtml", false);
    p.put("tokens.xhtml", false);
    p.put("admin/users.xhtml", false);
    p.put("admin/audit.xhtml", false);
    p.put("admin/tsig-keys.xhtml", false);
    return p;
  }

  @Test
  void noPageShowsAnotherZoneToAnOperatorLimitedToOneZone() throws Exception {
    setUp();
    Map<String, Boolean> rows = pageRows();
    HttpApi.assertEveryPageHasARow(rows.keySet(), "the page scope matrix");
    HttpApi.UiSession ui = api().new UiSession();
    assertEquals(302, ui.login("probe-op-" + RUN, PASSWORD).statusCode());
    List<String> leaks = new ArrayList<>();
    for (Map.Entry<String, Boolean> row : rows.entrySet()) {
      HttpResponse<String> r = ui.get(row.getKey());
      String leak = leak(r.body(), row.getValue());
      if (leak != null) {
        leaks.add(row.getKey() + " shows " + leak);
      }
    }
    assertTrue(leaks.isEmpty(), String.join("\n", leaks));
    assertTrue(ui.get("zones.xhtml").body().contains(ZONE_A), "its own zone is listed");
    assertTrue(
        ui.get("zone.xhtml?name=" + ZONE_A).body().contains("visible"), "its own records shown");
  }

  /** What of zone B the text shows, or null; the zone's name counts unless the request named it. */
  private static String leak(String body, boolean namesB) {
    if (body.contains(B_SECRET)) {
      return "zone B's record data";
    }
    if (body.contains(B_OWNER)) {
      return "zone B's record name";
    }
    if (!namesB && body.contains(ZONE_B)) {
      return "zone B's name";
    }
    return null;
  }

  // ---- the findings, one test each ----

  /** Finding 1: {@code $INCLUDE} read the server's files and the error repeated them. */
  @Test
  void aZoneFileImportNeverReadsTheServersFiles() throws Exception {
    setUp();
    Path file = Files.createTempFile("felu-probe", ".txt");
    String marker = "server-file-" + RUN;
    Files.writeString(file, marker + " IN TXT \"" + marker + "\"\n");
    try {
      for (String include :
          List.of(file.toString(), "/proc/self/cmdline", "/proc/self/environ", "/etc/passwd")) {
        HttpResponse<String> r =
            api()
                .send(
                    operatorA,
                    "PUT",
                    "api/v1/zones/" + ZONE_A + "/file?dryRun=true",
                    "$INCLUDE " + include + "\n",
                    "text/plain");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("file", json(r.body()).getString("field"), r.body());
        assertTrue(r.body().contains("$INCLUDE"), r.body());
        assertFalse(r.body().contains(marker), r.body());
        assertFalse(r.body().contains(System.getProperty("felu.test.admin.password")), "no secret");
        assertFalse(r.body().contains("root:x:0"), r.body());
        assertTrue(r.body().length() < 1000, "a short message: " + r.body().length());
      }
    } finally {
      Files.delete(file);
    }
  }

  /** Finding 2: a huge {@code $GENERATE} or body filled the heap. */
  @Test
  void aHugeImportIsRefusedWith413NamingTheLimit() throws Exception {
    setUp();
    HttpResponse<String> generate =
        api()
            .send(
                operatorA,
                "PUT",
                "api/v1/zones/" + ZONE_A + "/file?dryRun=true",
                "$GENERATE 1-2147483647 host$ A 192.0.2.1\n",
                "text/plain");
    assertEquals(413, generate.statusCode(), generate.body());
    assertTrue(generate.body().contains("felu.import.max-records"), generate.body());
    String big = "; filler line of a zone file\n".repeat(9 * 1024 * 1024 / 30 + 10);
    HttpResponse<String> huge =
        api()
            .send(
                operatorA,
                "PUT",
                "api/v1/zones/" + ZONE_A + "/file?dryRun=true",
                big,
                "text/plain");
    assertEquals(413, huge.statusCode(), huge.body().length() + " bytes");
    assertTrue(huge.body().contains("felu.import.max-bytes"), huge.body());
    assertTrue(huge.body().length() < 1000, "the body is not echoed");
    // the server is fine afterwards
    assertEquals(200, send(operatorA, "GET", "api/v1/zones/" + ZONE_A, null).statusCode());
  }

  /** Finding 3: a token kept the zones its owner lost. */
  @Test
  void aTokenLosesTheZonesItsOwnerLoses() throws Exception {
    setUp();
    String zoneC = "scope-c-" + RUN + ".test.";
    ok(send(admin, "POST", "api/v1/zones", body(Map.of("name", zoneC))));
    String user = "probe-moved-" + RUN;
    String owner = account(user, "operator", List.of(ZONE_A));
    String token =
        "Bearer "
            + json(ok(send(owner, "POST", "api/v1/tokens", "{\"name\":\"t\"}")).body())
                .getString("secret");
    assertEquals(200, send(token, "GET", "api/v1/zones/" + ZONE_A, null).statusCode());

    ok(send(admin, "PUT", "api/v1/accounts/" + user, body(Map.of("zones", List.of(zoneC)))));

    assertEquals(403, send(token, "GET", "api/v1/zones/" + ZONE_A, null).statusCode());
    assertEquals(
        403,
        send(token, "POST", "api/v1/zones/" + ZONE_A + "/records", txt("t", "t")).statusCode());
    assertFalse(send(token, "GET", "api/v1/zones", null).body().contains(ZONE_A));
    assertFalse(
        send(token, "GET", "api/v1/zones", null).body().contains(zoneC),
        "nor does it gain the owner's new zone: it was made for zone A only");
  }

  /** Finding 4: the revision list showed every zone's changes and record data. */
  @Test
  void aZoneLimitedCallerSeesOnlyItsZonesChanges() throws Exception {
    setUp();
    String all = ok(send(admin, "GET", "api/v1/config/revisions?limit=500", null)).body();
    assertTrue(all.contains(B_SECRET), "the admin sees zone B's change");
    String mine = ok(send(viewerA, "GET", "api/v1/config/revisions?limit=500", null)).body();
    assertFalse(mine.contains(ZONE_B), mine);
    assertTrue(mine.contains(ZONE_A), mine);
    assertEquals(
        404,
        send(viewerA, "GET", "api/v1/config/revisions/" + revisionOf(ZONE_B), null).statusCode());
  }

  /** Finding 5: an operator with no grants left reached every zone. */
  @Test
  void noZoneGrantsMeansNoZoneAndAllZonesIsSaidExplicitly() throws Exception {
    setUp();
    String user = "probe-none-" + RUN;
    String none = account(user, "operator", null);
    assertEquals("[]", ok(send(none, "GET", "api/v1/zones", null)).body());
    assertEquals(403, send(none, "GET", "api/v1/zones/" + ZONE_A, null).statusCode());
    assertEquals(
        403, send(none, "POST", "api/v1/zones/" + ZONE_A + "/records", txt("n", "n")).statusCode());
    assertEquals(403, send(none, "POST", "api/v1/zones", "{\"name\":\"n.test.\"}").statusCode());

    // an operator whose last grant is removed is left with none, not with all
    String last = "probe-last-" + RUN;
    String lastAuth = account(last, "operator", List.of(ZONE_A));
    ok(send(admin, "PUT", "api/v1/accounts/" + last, "{\"zones\":[]}"));
    assertEquals("[]", ok(send(lastAuth, "GET", "api/v1/zones", null)).body());

    // every zone is its own, explicit setting
    JsonObject all =
        json(ok(send(admin, "PUT", "api/v1/accounts/" + user, "{\"allZones\":true}")).body());
    assertTrue(all.getBoolean("allZones"), all.toString());
    assertTrue(ok(send(none, "GET", "api/v1/zones", null)).body().contains(ZONE_B));
    HttpResponse<String> both =
        send(
            admin,
            "PUT",
            "api/v1/accounts/" + user,
            body(Map.of("allZones", true, "zones", List.of(ZONE_A))));
    assertEquals(400, both.statusCode(), both.body());
    assertEquals("zones", json(both.body()).getString("field"));
  }

  /** Finding 7: a disabled account's UI session kept its rights until it timed out. */
  @Test
  void anAdminsChangeToAnAccountReachesItsOpenUiSessionAtOnce() throws Exception {
    setUp();
    String user = "probe-ui-" + RUN;
    account(user, "operator", List.of(ZONE_A));
    HttpApi.UiSession ui = api().new UiSession();
    assertEquals(302, ui.login(user, PASSWORD).statusCode());
    assertTrue(ui.get("zone.xhtml?name=" + ZONE_A).body().contains("visible"));

    ok(send(admin, "PUT", "api/v1/accounts/" + user, "{\"zones\":[]}"));
    String page = ui.get("zone.xhtml?name=" + ZONE_A).body();
    assertFalse(page.contains("visible"), "a grant removed is gone from the open session");

    ok(send(admin, "PUT", "api/v1/accounts/" + user, "{\"enabled\":false}"));
    HttpResponse<String> after = ui.get("zones.xhtml");
    assertEquals(302, after.statusCode(), "a disabled account's session ends");
    assertTrue(after.headers().firstValue("Location").orElse("").endsWith("/login.xhtml"));
  }

  /** Finding 8: throttling counted {@code alice} and {@code " alice"} as two accounts. */
  @Test
  void throttlingCountsAUsernameAsLoginReadsIt() throws Exception {
    setUp();
    String user = "probe-thr-" + RUN;
    account(user, "viewer", null);
    // five failures from one address, with the name as typed in several ways
    for (String typed : List.of(user, " " + user, user.toUpperCase(), user + " ", "\t" + user)) {
      assertEquals(401, fromAddress("127.0.0.3", typed, "wrong-password-" + RUN));
    }
    // the right password for " name" from another address is refused: the account is throttled
    assertEquals(429, fromAddress("127.0.0.2", " " + user, PASSWORD));
  }

  /** One API call with Basic credentials, sent from the given loopback address; its status. */
  private int fromAddress(String from, String username, String password) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
      s.setSoTimeout(60_000);
      String path = base.getPath() + "api/v1/config";
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + base.getHost()
                  + "\r\nAuthorization: "
                  + basic(username, password)
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] line = new byte[12];
      int n = in.readNBytes(line, 0, 12);
      String status = new String(line, 0, n, StandardCharsets.ISO_8859_1);
      assertTrue(status.startsWith("HTTP/1.1 "), status);
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  /** Finding 9: no body limit, input echoed, numbers wrapped, overflows as 500s, odd zone names. */
  @Test
  void aCallerLimitedToOneZoneCannotPageSearchOrExportAnother() throws Exception {
    setUp();
    for (String caller : List.of(tokenA, viewerA, operatorA)) {
      for (String path :
          List.of(
              "zones/" + ZONE_B + "/records?page=0&size=1000",
              "zones/" + ZONE_B + "/records?search=" + B_SECRET,
              "zones/" + ZONE_B + "/records?page=1&size=1",
              "zones/" + ZONE_B,
              "zones/" + ZONE_B + "/file")) {
        HttpResponse<String> r = send(caller, "GET", "api/v1/" + path, null);
        assertEquals(403, r.statusCode(), path + ": " + r.body());
        assertNull(leak(r.body(), true), path + ": " + r.body());
        assertTrue(r.headers().firstValue("Link").isEmpty(), path + ": " + r.headers());
      }
      // a search inside its own zone never reaches into another one
      HttpResponse<String> own =
          send(caller, "GET", "api/v1/zones/" + ZONE_A + "/records?search=" + B_SECRET, null);
      assertEquals(200, own.statusCode(), own.body());
      assertEquals("0", own.headers().firstValue("X-Total-Count").orElse(null));
      // and its own zone pages, the next link pointing at that zone
      HttpResponse<String> page =
          send(caller, "GET", "api/v1/zones/" + ZONE_A + "/records?size=1", null);
      assertEquals(200, page.statusCode(), page.body());
      assertTrue(
          page.headers().firstValue("Link").orElse("").contains(ZONE_A + "/records?page=1"),
          page.headers().toString());
    }
  }

  @Test
  void badInputIsRefusedClearlyWithoutEchoingIt() throws Exception {
    setUp();
    String zone = "api/v1/zones/" + ZONE_A + "/records";
    // a body over the limit: 413, not parsed, not echoed
    String huge = body(Map.of("name", "x".repeat(2 * 1024 * 1024)));
    HttpResponse<String> big = send(operatorA, "POST", zone, huge);
    assertEquals(413, big.statusCode(), big.body().length() + " bytes");
    assertTrue(big.body().contains("felu.api.max-body-bytes"), big.body());
    assertTrue(big.body().length() < 1000, "not echoed");

    // numbers a field cannot hold are refused, never wrapped or cut
    for (JsonValue ttl :
        List.of(
            Json.createValue(new BigInteger("18446744073709551916")),
            Json.createValue(new BigDecimal("3.9")),
            Json.createValue(new BigDecimal("1e400")),
            Json.createValue("300"))) {
      HttpResponse<String> r =
          send(
              operatorA,
              "POST",
              zone,
              body(Map.of("name", "n", "type", "A", "ttl", ttl, "data", "192.0.2.1")));
      assertEquals(400, r.statusCode(), ttl + ": " + r.body());
      assertEquals("ttl", json(r.body()).getString("field"), r.body());
      assertNoInternals(r.body());
    }
    assertTrue(
        jsonArray(recordsOf(ZONE_A)).stream()
            .noneMatch(r -> r.asJsonObject().getString("name").equals("n." + ZONE_A)),
        "nothing was stored");

    // JSON that does not parse: said so, without the parser's words
    HttpResponse<String> broken = send(operatorA, "POST", zone, "{\"name\": [ \"x\" ");
    assertEquals(400, broken.statusCode());
    assertNoInternals(broken.body());

    // data that renders longer than a record holds: 400 on the field, not a 500
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      data.append('"').append("y".repeat(250)).append("\" ");
    }
    HttpResponse<String> tooLong =
        send(
            operatorA,
            "POST",
            zone,
            body(Map.of("name", "long", "type", "TXT", "ttl", 300, "data", data.toString())));
    assertEquals(400, tooLong.statusCode(), tooLong.body());
    assertEquals("data", json(tooLong.body()).getString("field"));
    assertTrue(tooLong.body().length() < 1000, "not echoed");

    // a zone name that no API path could reach again is refused when it is made
    HttpResponse<String> escaped =
        send(admin, "POST", "api/v1/zones", body(Map.of("name", "probe1\\.test")));
    assertEquals(400, escaped.statusCode(), escaped.body());
    assertEquals("name", json(escaped.body()).getString("field"));

    // a nameserver's bad name or URL is named by its field and repeated only as a short excerpt
    String marker = "<script>" + "z".repeat(400);
    for (Map.Entry<String, Map<String, Object>> bad :
        Map.of(
                "name",
                Map.<String, Object>of(
                    "name",
                    marker,
                    "configUrl",
                    "ws://127.0.0.1:1/ns/config",
                    "dnsHost",
                    "127.0.0.1",
                    "dnsPort",
                    53),
                "configUrl",
                Map.<String, Object>of(
                    "name",
                    "probe-ns",
                    "configUrl",
                    "ws://" + marker,
                    "dnsHost",
                    "127.0.0.1",
                    "dnsPort",
                    53))
            .entrySet()) {
      HttpResponse<String> r = send(admin, "POST", "api/v1/nameservers", body(bad.getValue()));
      assertEquals(400, r.statusCode(), r.body());
      assertEquals(bad.getKey(), json(r.body()).getString("field"), r.body());
      assertFalse(r.body().contains("z".repeat(100)), "cut to an excerpt: " + r.body());
    }

    // and no response says which server it runs on
    for (HttpResponse<String> r :
        List.of(
            send(operatorA, "GET", "api/v1/config", null),
            api().new UiSession().get("login.xhtml"))) {
      assertTrue(r.headers().firstValue("X-Powered-By").isEmpty(), r.headers().toString());
      assertFalse(
          r.headers().firstValue("Server").orElse("").matches(".*\\d.*"),
          "no version in Server: " + r.headers().firstValue("Server"));
    }
  }

  private static void assertNoInternals(String body) {
    for (String internal : List.of("java.", "Exception", "yasson", "org.", "dev.felu")) {
      assertFalse(body.contains(internal), internal + " in " + body);
    }
  }

  // ---- reading as the admin ----

  private String recordsOf(String zone) throws Exception {
    return ok(send(admin, "GET", "api/v1/zones/" + zone + "/records", null)).body();
  }

  private long recordId(String zone, String owner) throws Exception {
    return jsonArray(recordsOf(zone)).stream()
        .map(JsonObject.class::cast)
        .filter(r -> r.getString("name").startsWith(owner + "."))
        .findFirst()
        .orElseThrow()
        .getJsonNumber("id")
        .longValue();
  }

  /** The newest revision that changed the zone. */
  private long revisionOf(String zone) throws Exception {
    return jsonArray(ok(send(admin, "GET", "api/v1/config/revisions?limit=500", null)).body())
        .stream()
        .map(JsonObject.class::cast)
        .filter(c -> c.getJsonArray("zones").toString().contains(zone))
        .findFirst()
        .orElseThrow()
        .getJsonNumber("revision")
        .longValue();
  }
}
