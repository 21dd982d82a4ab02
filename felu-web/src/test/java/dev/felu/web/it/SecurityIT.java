package dev.felu.web.it;

import static dev.felu.web.it.HttpApi.basic;
import static dev.felu.web.it.HttpApi.body;
import static dev.felu.web.it.HttpApi.json;
import static dev.felu.web.it.HttpApi.jsonArray;
import static dev.felu.web.it.HttpApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Accounts, roles, tokens, throttling, audit, headers and the login page, from outside, on the same
 * web module the EAR holds (web.xml, pages, PrimeFaces) on Payara Micro and PostgreSQL. The first
 * admin comes from {@code felu.admin.password}; the throttling window is shortened to {@code
 * felu.test.login-window-seconds} (see arquillian.xml).
 *
 * <p>One deployment (one Payara Micro start) serves every test; the tests are grouped by concern in
 * {@link Nested} classes rather than in IT classes of their own, each of which would start another
 * Payara Micro. Arquillian 1.10 deploys for this class and enriches only this class's own test
 * instances: a {@code @Nested} instance gets no {@link ArquillianResource} (arquillian-core issue
 * 773). So the groups reach the server through {@link #api}, which {@link #setUp} takes from the
 * instance of this class's own test, {@link #theFirstAdminComesFromConfiguration}; JUnit runs a
 * class's own tests before its nested classes. Run the class as a whole: a group run alone finds no
 * server.
 */
@ExtendWith(ArquillianExtension.class)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class SecurityIT {
  private static final String PASSWORD = "it-password-" + Long.toHexString(System.nanoTime());
  private static final AtomicInteger SEQ = new AtomicInteger();

  @Deployment(testable = false)
  static WebArchive deployment() throws URISyntaxException {
    return Deployments.full();
  }

  @ArquillianResource URL base;

  // ---- what every group shares: the server, and accounts made once by the configured admin ----

  private static HttpApi api;
  private static boolean ready;
  private static String admin;
  private static String viewer;
  private static String operator;
  private static String scopedToken;

  /**
   * Runs before every test, the groups' too (JUnit runs an enclosing class's {@code @BeforeEach}
   * for its nested classes' tests), where {@link #base} is null: the first test of this class
   * itself has set {@link #api} by then.
   */
  @BeforeEach
  void setUp() throws Exception {
    if (base != null) {
      api = new HttpApi(base);
    }
    assertNotNull(
        api,
        "the groups reach the server through this class's own test, which runs first: run the"
            + " whole SecurityIT");
    if (ready) {
      return;
    }
    admin = basic("admin", System.getProperty("felu.test.admin.password"));
    for (String role : List.of("viewer", "operator")) {
      HttpResponse<String> r =
          send(
              admin,
              "POST",
              "api/v1/accounts",
              body(
                  Map.of(
                      "username",
                      "it-" + role,
                      "password",
                      PASSWORD,
                      "role",
                      role,
                      "allZones",
                      true)));
      assertEquals(201, r.statusCode(), r.body());
    }
    viewer = basic("it-viewer", PASSWORD);
    operator = basic("it-operator", PASSWORD);
    ok(send(admin, "POST", "api/v1/zones", "{\"name\":\"matrix.test.\"}"));
    ok(send(admin, "POST", "api/v1/zones", "{\"name\":\"scoped.test.\"}"));
    JsonObject t =
        json(
            ok(send(
                    operator,
                    "POST",
                    "api/v1/tokens",
                    "{\"name\":\"scoped\",\"zones\":[\"scoped.test\"]}"))
                .body());
    scopedToken = "Bearer " + t.getString("secret");
    ok(
        send(
            admin,
            "POST",
            "api/v1/nameservers",
            "{\"name\":\"nsm\",\"configUrl\":\"ws://127.0.0.1:9/ns/config\",\"dnsHost\":\"127.0.0.1\"}"));
    ready = true;
  }

  /** Everything else hangs off the first admin, so its test is this class's own and runs first. */
  @Test
  void theFirstAdminComesFromConfiguration() throws Exception {
    JsonObject a = json(send(admin, "GET", "api/v1/accounts/admin", null).body());
    assertEquals("admin", a.getString("role"));
    assertTrue(a.getBoolean("enabled"));
    assertFalse(a.toString().contains("PBKDF2"), "no password hash in the API");
    JsonArray audit =
        jsonArray(send(admin, "GET", "api/v1/audit?user=system&size=500", null).body());
    assertTrue(
        audit.stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                e ->
                    e.getString("entity").equals("account")
                        && e.getString("subject").equals("admin")
                        && e.getString("action").equals("create")),
        audit.toString());
    assertEquals(
        401, send(basic("admin", "wrong-password-x"), "GET", "api/v1/zones", null).statusCode());
    // that failure counts towards throttling: clear it with a success
    assertEquals(200, send(admin, "GET", "api/v1/zones", null).statusCode());
  }

  /**
   * Every REST endpoint and every page, called by every kind of caller, gives exactly what the
   * caller's role allows. Both lists of rows are checked against the code (the resource classes,
   * the files under {@code src/main/webapp}), so a new endpoint or page without a row fails.
   */
  @Nested
  @Order(1)
  class RoleMatrix {
    /** Callers of the role matrix: how each authenticates. */
    enum Who {
      ANONYMOUS,
      VIEWER,
      OPERATOR,
      ADMIN,
      SCOPED_TOKEN
    }

    private String auth(Who who) {
      return switch (who) {
        case ANONYMOUS -> null;
        case VIEWER -> viewer;
        case OPERATOR -> operator;
        case ADMIN -> admin;
        case SCOPED_TOKEN -> scopedToken;
      };
    }

    /** One request of the matrix, built fresh for the caller (fixtures made by the admin). */
    record Call(String method, String path, String body, String contentType) {
      Call(String method, String path, String body) {
        this(method, path, body, "application/json");
      }
    }

    /** The expected outcome of each endpoint: the lowest role allowed, and how scope matters. */
    record Rule(String minRole, boolean scopedTokenAllowed, Fixture call) {}

    /** Builds the request, making what it needs first. */
    interface Fixture {
      Call apply(Who who) throws Exception;
    }

    private static final String PRIMARY_ZONE = "matrix-xfr.test.";
    private static FakePrimary primary;

    /** A primary serving {@link #PRIMARY_ZONE}, for the admin's dry run of a migration. */
    private static FakePrimary primary() throws Exception {
      if (primary == null) {
        org.xbill.DNS.Name zone = org.xbill.DNS.Name.fromString(PRIMARY_ZONE);
        primary =
            new FakePrimary(
                FakePrimary.Mode.ZONE,
                List.of(
                    org.xbill.DNS.Record.fromString(
                        zone,
                        org.xbill.DNS.Type.SOA,
                        org.xbill.DNS.DClass.IN,
                        300,
                        "ns1.example.net. hostmaster.example.net. 7 3600 600 86400 60",
                        zone),
                    org.xbill.DNS.Record.fromString(
                        zone,
                        org.xbill.DNS.Type.NS,
                        org.xbill.DNS.DClass.IN,
                        300,
                        "ns1.example.net.",
                        zone)));
      }
      return primary;
    }

    private Map<String, Rule> rules() {
      Map<String, Rule> r = new LinkedHashMap<>();
      // zones and records, on a zone outside the scoped token's zone
      r.put("GET zones", new Rule("viewer", true, w -> new Call("GET", "zones", null)));
      r.put(
          "POST zones",
          new Rule(
              "operator",
              false,
              w -> new Call("POST", "zones", body(Map.of("name", fresh("new") + ".test.")))));
      r.put(
          "GET zones/{zone}",
          new Rule("viewer", false, w -> new Call("GET", "zones/matrix.test.", null)));
      r.put(
          "GET zones/{zone}/file",
          new Rule("viewer", false, w -> new Call("GET", "zones/matrix.test./file", null)));
      r.put(
          "PUT zones/{zone}/file",
          new Rule(
              "operator",
              false,
              w ->
                  new Call(
                      "PUT", "zones/matrix.test./file?dryRun=true", "@ IN NS ns1.example.net.\n")));
      // migration from a primary: the server connects where the request says, admins only
      r.put(
          "POST zones/transfer",
          new Rule(
              "admin",
              false,
              w ->
                  new Call(
                      "POST",
                      "zones/transfer?dryRun=true",
                      body(
                          Map.of(
                              "primary",
                              "127.0.0.1",
                              "port",
                              primary().port(),
                              "zones",
                              List.of(PRIMARY_ZONE))))));
      // a bulk import may create zones: not for callers limited to zones, even for their own
      r.put(
          "POST zones/import",
          new Rule(
              "operator",
              false,
              w ->
                  new Call(
                      "POST",
                      "zones/import?dryRun=true",
                      HttpApi.multipart(
                          Map.of(
                              "scoped.test.",
                              "@ IN NS ns1.example.net.\n",
                              fresh("bulk") + ".test.",
                              "@ IN NS ns1.example.net.\n")),
                      HttpApi.MULTIPART)));
      r.put(
          "DELETE zones/{zone}",
          new Rule("operator", false, w -> new Call("DELETE", "zones/" + zone(), null)));
      r.put(
          "GET zones/{zone}/transfer",
          new Rule("viewer", false, w -> new Call("GET", "zones/matrix.test./transfer", null)));
      r.put(
          "PUT zones/{zone}/transfer",
          new Rule(
              "operator",
              false,
              w ->
                  new Call(
                      "PUT",
                      "zones/matrix.test./transfer",
                      body(Map.of("networks", List.of("127.0.0.1/32"))))));
      r.put(
          "GET zones/{zone}/notify",
          new Rule("viewer", false, w -> new Call("GET", "zones/matrix.test./notify", null)));
      r.put(
          "PUT zones/{zone}/notify",
          new Rule(
              "operator",
              false,
              w ->
                  new Call(
                      "PUT",
                      "zones/matrix.test./notify",
                      body(
                          Map.of(
                              "secondaries",
                              List.of(Map.of("address", "192.0.2.1", "port", 5353)))))));
      r.put(
          "GET zones/{zone}/records",
          new Rule("viewer", false, w -> new Call("GET", "zones/matrix.test./records", null)));
      r.put(
          "POST zones/{zone}/records",
          new Rule(
              "operator",
              false,
              w -> new Call("POST", "zones/matrix.test./records", recordBody(fresh("r")))));
      r.put(
          "PUT zones/{zone}/records/{id}",
          new Rule(
              "operator",
              false,
              w ->
                  new Call(
                      "PUT", "zones/matrix.test./records/" + record(), recordBody(fresh("p")))));
      r.put(
          "DELETE zones/{zone}/records/{id}",
          new Rule(
              "operator",
              false,
              w -> new Call("DELETE", "zones/matrix.test./records/" + record(), null)));
      // nameservers: status for everyone, changes for admins
      r.put("GET nameservers", new Rule("viewer", true, w -> new Call("GET", "nameservers", null)));
      r.put(
          "GET nameservers/{name}",
          new Rule("viewer", true, w -> new Call("GET", "nameservers/nsm", null)));
      r.put(
          "POST nameservers",
          new Rule(
              "admin", false, w -> new Call("POST", "nameservers", nameserverBody(fresh("ns")))));
      r.put(
          "PUT nameservers/{name}",
          new Rule("admin", false, w -> new Call("PUT", "nameservers/nsm", "{\"enabled\":true}")));
      r.put(
          "DELETE nameservers/{name}",
          new Rule("admin", false, w -> new Call("DELETE", "nameservers/" + nameserver(), null)));
      r.put(
          "POST nameservers/{name}/keys",
          new Rule("admin", false, w -> new Call("POST", "nameservers/nsm/keys", null)));
      r.put(
          "POST nameservers/{name}/resync",
          new Rule("admin", false, w -> new Call("POST", "nameservers/nsm/resync", null)));
      r.put("GET config", new Rule("viewer", true, w -> new Call("GET", "config", null)));
      r.put(
          "GET config/revisions",
          new Rule("viewer", true, w -> new Call("GET", "config/revisions", null)));
      r.put(
          "GET config/revisions/{revision}",
          new Rule("viewer", true, w -> new Call("GET", "config/revisions/" + revision(w), null)));
      // tokens: any account, for itself; tokens may not manage tokens
      r.put(
          "POST tokens",
          new Rule("viewer", false, w -> new Call("POST", "tokens", "{\"name\":\"matrix\"}")));
      r.put("GET tokens", new Rule("viewer", false, w -> new Call("GET", "tokens", null)));
      r.put(
          "DELETE tokens/{id}",
          new Rule("viewer", false, w -> new Call("DELETE", "tokens/" + token(w), null)));
      // accounts and audit: admins only
      r.put("GET accounts", new Rule("admin", false, w -> new Call("GET", "accounts", null)));
      r.put(
          "GET accounts/{username}",
          new Rule("admin", false, w -> new Call("GET", "accounts/it-viewer", null)));
      r.put(
          "POST accounts",
          new Rule(
              "admin",
              false,
              w ->
                  new Call(
                      "POST",
                      "accounts",
                      body(
                          Map.of(
                              "username", fresh("u"), "password", PASSWORD, "role", "viewer")))));
      r.put(
          "PUT accounts/{username}",
          new Rule(
              "admin",
              false,
              w -> new Call("PUT", "accounts/" + account(), "{\"enabled\":false}")));
      r.put(
          "DELETE accounts/{username}",
          new Rule("admin", false, w -> new Call("DELETE", "accounts/" + account(), null)));
      r.put("GET audit", new Rule("admin", false, w -> new Call("GET", "audit?page=0", null)));
      // TSIG keys: admins only (a key's secret opens zone transfers and updates)
      r.put("GET tsig-keys", new Rule("admin", false, w -> new Call("GET", "tsig-keys", null)));
      r.put(
          "GET tsig-keys/{name}",
          new Rule("admin", false, w -> new Call("GET", "tsig-keys/" + tsigKey(), null)));
      r.put(
          "POST tsig-keys",
          new Rule(
              "admin",
              false,
              w -> new Call("POST", "tsig-keys", body(Map.of("name", fresh("key"))))));
      r.put(
          "PUT tsig-keys/{name}",
          new Rule(
              "admin",
              false,
              w ->
                  new Call(
                      "PUT",
                      "tsig-keys/" + tsigKey(),
                      body(Map.of("zones", List.of("matrix.test."))))));
      r.put(
          "DELETE tsig-keys/{name}",
          new Rule("admin", false, w -> new Call("DELETE", "tsig-keys/" + tsigKey(), null)));
      r.put(
          "GET tsig-keys/{name}/update-policy",
          new Rule(
              "admin",
              false,
              w -> new Call("GET", "tsig-keys/" + tsigKey() + "/update-policy", null)));
      r.put(
          "PUT tsig-keys/{name}/update-policy",
          new Rule(
              "admin",
              false,
              w ->
                  new Call(
                      "PUT",
                      "tsig-keys/" + tsigKey() + "/update-policy",
                      body(
                          Map.of(
                              "rules",
                              List.of(
                                  Map.of(
                                      "zone",
                                      "matrix.test.",
                                      "match",
                                      "pattern",
                                      "name",
                                      "_acme-challenge.*",
                                      "types",
                                      List.of("TXT"))))))));
      return r;
    }

    @Test
    void everyEndpointGivesEachCallerExactlyWhatItsRoleAllows() throws Exception {
      Map<String, Rule> rules = rules();
      HttpApi.assertEveryEndpointHasARow(rules.keySet(), "rules()");
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<String, Rule> e : rules.entrySet()) {
        Rule rule = e.getValue();
        for (Who who : Who.values()) {
          int expected = expected(rule, who);
          Call c = rule.call().apply(who);
          HttpResponse<String> r =
              api.send(auth(who), c.method(), "api/v1/" + c.path(), c.body(), c.contentType());
          boolean matches =
              expected == 200
                  ? r.statusCode() >= 200 && r.statusCode() < 300
                  : r.statusCode() == expected;
          if (!matches) {
            wrong.add(
                e.getKey()
                    + " as "
                    + who
                    + ": expected "
                    + expected
                    + ", got "
                    + r.statusCode()
                    + " "
                    + r.body());
          }
          if (r.statusCode() >= 400) {
            assertEquals(
                "application/problem+json",
                r.headers().firstValue("Content-Type").orElse(""),
                e.getKey() + " as " + who);
          }
        }
      }
      assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static int expected(Rule rule, Who who) {
      return switch (who) {
        case ANONYMOUS -> 401;
        case VIEWER -> rule.minRole().equals("viewer") ? 200 : 403;
        case OPERATOR -> rule.minRole().equals("admin") ? 403 : 200;
        case ADMIN -> 200;
        case SCOPED_TOKEN -> rule.scopedTokenAllowed() ? 200 : 403;
      };
    }

    /** Who may open a page. */
    enum PageAccess {
      /** Anyone, logged in or not. */
      PUBLIC,
      /** Every logged-in account. */
      ACCOUNT,
      /** Admins only (web.xml's constraint on {@code /admin/*}). */
      ADMIN
    }

    /**
     * One row per page under {@code src/main/webapp} (outside WEB-INF), with the query it is opened
     * with: a new page without a row fails {@link
     * #everyPageGivesEachCallerExactlyWhatItsRoleAllows}.
     */
    private static Map<String, PageAccess> pages() {
      Map<String, PageAccess> p = new LinkedHashMap<>();
      p.put("login.xhtml", PageAccess.PUBLIC);
      p.put("index.xhtml", PageAccess.ACCOUNT);
      p.put("zones.xhtml", PageAccess.ACCOUNT);
      p.put("zone.xhtml?name=matrix.test.", PageAccess.ACCOUNT);
      p.put("nameservers.xhtml", PageAccess.ACCOUNT);
      p.put("tokens.xhtml", PageAccess.ACCOUNT);
      p.put("admin/users.xhtml", PageAccess.ADMIN);
      p.put("admin/audit.xhtml", PageAccess.ADMIN);
      p.put("admin/tsig-keys.xhtml", PageAccess.ADMIN);
      return p;
    }

    @Test
    void everyPageGivesEachCallerExactlyWhatItsRoleAllows() throws Exception {
      Map<String, PageAccess> rows = pages();
      HttpApi.assertEveryPageHasARow(rows.keySet(), "pages()");
      Map<Who, HttpApi.UiSession> sessions = new LinkedHashMap<>();
      sessions.put(Who.ANONYMOUS, ui());
      for (Who who : List.of(Who.VIEWER, Who.OPERATOR, Who.ADMIN)) {
        HttpApi.UiSession ui = ui();
        String user = who == Who.ADMIN ? "admin" : "it-" + who.name().toLowerCase();
        String password =
            who == Who.ADMIN ? System.getProperty("felu.test.admin.password") : PASSWORD;
        assertEquals(302, ui.login(user, password).statusCode(), "form login of " + user);
        sessions.put(who, ui);
      }
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<String, PageAccess> row : rows.entrySet()) {
        for (Map.Entry<Who, HttpApi.UiSession> session : sessions.entrySet()) {
          Who who = session.getKey();
          int expected =
              switch (row.getValue()) {
                case PUBLIC -> 200;
                case ACCOUNT -> who == Who.ANONYMOUS ? 302 : 200;
                case ADMIN -> who == Who.ANONYMOUS ? 302 : who == Who.ADMIN ? 200 : 403;
              };
          HttpResponse<String> r = session.getValue().get(row.getKey());
          String location = r.headers().firstValue("Location").orElse("");
          boolean matches =
              r.statusCode() == expected
                  && (expected != 302 || location.endsWith("/login.xhtml"))
                  && (expected != 200 || r.body().contains("<h1>"))
                  && (expected != 200 || !r.body().contains("your role may not see it"));
          if (!matches) {
            wrong.add(
                row.getKey()
                    + " as "
                    + who
                    + ": expected "
                    + expected
                    + ", got "
                    + r.statusCode()
                    + (location.isEmpty() ? "" : " to " + location));
          }
        }
      }
      assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    // ---- what the rows' requests need, made by the admin ----

    private String zone() throws Exception {
      String z = fresh("z") + ".test.";
      ok(send(admin, "POST", "api/v1/zones", body(Map.of("name", z))));
      return z;
    }

    private long record() throws Exception {
      return json(ok(send(
                  admin, "POST", "api/v1/zones/matrix.test./records", recordBody(fresh("f"))))
              .body())
          .getJsonNumber("id")
          .longValue();
    }

    /**
     * The newest revision: the config head, made by the fixtures before; for the token limited to
     * scoped.test a change of that zone (a change of another zone is, to it, not there).
     */
    private long revision(Who who) throws Exception {
      if (who == Who.SCOPED_TOKEN) {
        ok(send(admin, "POST", "api/v1/zones/scoped.test./records", recordBody(fresh("rev"))));
      }
      return json(ok(send(admin, "GET", "api/v1/config", null)).body())
          .getJsonNumber("revision")
          .longValue();
    }

    private String nameserver() throws Exception {
      String n = fresh("ns");
      ok(send(admin, "POST", "api/v1/nameservers", nameserverBody(n)));
      return n;
    }

    private String tsigKey() throws Exception {
      String k = fresh("key") + ".";
      ok(send(admin, "POST", "api/v1/tsig-keys", body(Map.of("name", k))));
      return k;
    }

    private String account() throws Exception {
      String u = fresh("acct");
      ok(
          send(
              admin,
              "POST",
              "api/v1/accounts",
              body(Map.of("username", u, "password", PASSWORD, "role", "viewer"))));
      return u;
    }

    /**
     * A token of the caller itself when it is an account (so it may revoke it), else the admin's.
     */
    private long token(Who who) {
      try {
        String maker = who == Who.VIEWER || who == Who.OPERATOR ? auth(who) : admin;
        return json(ok(send(maker, "POST", "api/v1/tokens", "{\"name\":\"to-revoke\"}")).body())
            .getJsonNumber("id")
            .longValue();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private static String nameserverBody(String name) {
      return body(
          Map.of(
              "name",
              name,
              "configUrl",
              "ws://127.0.0.1:9/ns/config",
              "dnsHost",
              "127.0.0.1",
              "enabled",
              false));
    }
  }

  /** A token limited to one zone reaches that zone only; an operator of every zone, every zone. */
  @Nested
  @Order(2)
  class ZoneScope {
    @Test
    void aZoneScopedTokenEditsItsZoneOnlyAndSeesOnlyIt() throws Exception {
      HttpResponse<String> added =
          send(scopedToken, "POST", "api/v1/zones/scoped.test./records", recordBody("www"));
      assertEquals(201, added.statusCode(), added.body());
      assertEquals(200, send(scopedToken, "GET", "api/v1/zones/SCOPED.test", null).statusCode());
      String listed = send(scopedToken, "GET", "api/v1/zones", null).body();
      assertTrue(listed.contains("scoped.test."), listed);
      assertFalse(listed.contains("matrix.test."), listed);
      assertEquals(
          403,
          send(scopedToken, "POST", "api/v1/zones/matrix.test./records", recordBody("x"))
              .statusCode());
      // a bulk import, even of its own zone alone, is for callers who may create zones
      HttpResponse<String> bulk =
          api.send(
              scopedToken,
              "POST",
              "api/v1/zones/import",
              HttpApi.multipart(Map.of("scoped.test.", "www A 192.0.2.9\n")),
              HttpApi.MULTIPART);
      assertEquals(403, bulk.statusCode(), bulk.body());
      assertTrue(bulk.body().contains("limited to some zones"), bulk.body());
      // an operator with every zone edits every zone
      assertEquals(
          201,
          send(operator, "POST", "api/v1/zones/matrix.test./records", recordBody(fresh("o")))
              .statusCode());
    }
  }

  /** API tokens: shown once, used as bearer, revoked; within their maker's role. */
  @Nested
  @Order(3)
  class Tokens {
    @Test
    void aTokenIsShownOnceWorksAsBearerAndStopsWhenRevoked() throws Exception {
      JsonObject made =
          json(
              ok(send(admin, "POST", "api/v1/tokens", "{\"name\":\"script\",\"role\":\"viewer\"}"))
                  .body());
      String secret = made.getString("secret");
      assertTrue(secret.matches("felu_[A-Za-z0-9_-]{43}"), secret);
      long id = made.getJsonNumber("id").longValue();
      String listed = send(admin, "GET", "api/v1/tokens", null).body();
      assertTrue(listed.contains("\"script\""), listed);
      assertFalse(listed.contains(secret), "the secret is shown once only");
      assertFalse(listed.contains(secret.substring(5, 20)), "no part of the secret either");

      assertEquals(200, send("Bearer " + secret, "GET", "api/v1/zones", null).statusCode());
      assertEquals(
          403,
          send("Bearer " + secret, "POST", "api/v1/zones", "{\"name\":\"nope.test.\"}")
              .statusCode(),
          "a viewer token cannot write");
      assertEquals(204, send(admin, "DELETE", "api/v1/tokens/" + id, null).statusCode());
      HttpResponse<String> revoked = send("Bearer " + secret, "GET", "api/v1/zones", null);
      assertEquals(401, revoked.statusCode());
      assertEquals("application/problem+json", revoked.headers().firstValue("Content-Type").get());
      assertEquals(
          401, send("Bearer felu_" + "A".repeat(43), "GET", "api/v1/zones", null).statusCode());
      // a viewer cannot make an operator token
      assertEquals(
          403,
          send(viewer, "POST", "api/v1/tokens", "{\"name\":\"up\",\"role\":\"operator\"}")
              .statusCode());
    }

    /**
     * The container's {@code @RolesAllowed} on the EJB methods (audit log, accounts, fleet changes)
     * sees a token's role as the REST layer does: an admin token reaches them.
     */
    @Test
    void anAdminTokenPassesTheServicesRoleRules() throws Exception {
      String token = bearer(admin, "admin-bot");
      assertEquals(200, send(token, "GET", "api/v1/audit?page=0", null).statusCode());
      assertEquals(200, send(token, "GET", "api/v1/accounts", null).statusCode());
    }
  }

  /** The audit log of an edit: who, from where, before and after; and its filters. */
  @Nested
  @Order(4)
  class Audit {
    @Test
    void aRecordEditIsAuditedWithWhoWhereBeforeAndAfter() throws Exception {
      String token = bearer(operator, "auditor-bot");
      ok(send(token, "POST", "api/v1/zones", "{\"name\":\"audit.test.\"}"));
      long id =
          json(ok(send(
                      token,
                      "POST",
                      "api/v1/zones/audit.test./records",
                      "{\"name\":\"www\",\"type\":\"A\",\"ttl\":300,\"data\":\"192.0.2.1\"}"))
                  .body())
              .getJsonNumber("id")
              .longValue();
      ok(
          send(
              token,
              "PUT",
              "api/v1/zones/audit.test./records/" + id,
              "{\"name\":\"www\",\"type\":\"A\",\"ttl\":300,\"data\":\"192.0.2.2\"}"));

      JsonArray entries =
          jsonArray(send(admin, "GET", "api/v1/audit?zone=AUDIT.test", null).body());
      JsonObject update =
          entries.stream()
              .map(JsonObject.class::cast)
              .filter(e -> e.getString("action").equals("update"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(entries.toString()));
      assertEquals("token:auditor-bot", update.getString("actor"));
      assertEquals("record", update.getString("entity"));
      assertEquals("127.0.0.1", update.getString("address"));
      assertEquals("www.audit.test. 300 IN A 192.0.2.1", update.getString("before"));
      assertEquals("www.audit.test. 300 IN A 192.0.2.2", update.getString("after"));
      assertNotNull(update.getString("at"));
      assertEquals(3, entries.size(), "zone create, record create, record update: " + entries);
      assertEquals(
          3,
          jsonArray(
                  send(admin, "GET", "api/v1/audit?user=token:auditor-bot&zone=audit.test", null)
                      .body())
              .size());
      assertEquals(
          0,
          jsonArray(
                  send(admin, "GET", "api/v1/audit?zone=audit.test&from=2999-01-01T00:00:00Z", null)
                      .body())
              .size());
      assertEquals(400, send(admin, "GET", "api/v1/audit?from=yesterday", null).statusCode());
    }
  }

  /** The pages need a login; a form login opens them, and the UI session opens no API. */
  @Nested
  @Order(5)
  class Sessions {
    @Test
    void pagesNeedALoginAndTheSessionDoesNotOpenTheApi() throws Exception {
      HttpClient plain = HttpClient.newHttpClient();
      for (String page : List.of("", "zones.xhtml")) {
        HttpResponse<String> r =
            plain.send(
                HttpRequest.newBuilder(api.uri(page)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, r.statusCode(), page);
        assertTrue(
            r.headers().firstValue("Location").orElse("").endsWith("/login.xhtml"),
            r.headers().toString());
      }
      HttpApi.UiSession ui = ui();
      HttpResponse<String> failed = ui.login("it-viewer", "wrong-password-y");
      assertEquals(200, failed.statusCode());
      assertTrue(failed.body().contains("Wrong username or password."), failed.body());
      HttpResponse<String> in = ui.login("it-viewer", PASSWORD);
      assertEquals(302, in.statusCode(), in.body());
      HttpResponse<String> zones = ui.get("zones.xhtml");
      assertEquals(200, zones.statusCode());
      assertTrue(zones.body().contains("matrix.test."), "zones listed after login");
      assertEquals(
          401, ui.get("api/v1/zones").statusCode(), "the UI session is no credential for the API");
    }
  }

  /** Rules on accounts beyond roles: the last enabled admin stays; grants name existing zones. */
  @Nested
  @Order(6)
  class AccountRules {
    @Test
    void theLastEnabledAdminCannotBeDemotedDisabledOrDeletedAndGrantsNeedExistingZones()
        throws Exception {
      assertEquals(
          List.of("admin"),
          enabledAdmins(),
          "precondition: no test of this run makes another admin before this one");
      for (String[] change :
          List.of(
              new String[] {"PUT", "{\"role\":\"operator\"}", "role", "demoted"},
              new String[] {"PUT", "{\"enabled\":false}", "enabled", "disabled"},
              new String[] {"DELETE", null, null, "deleted"})) {
        HttpResponse<String> r = send(admin, change[0], "api/v1/accounts/admin", change[1]);
        assertEquals(409, r.statusCode(), r.body());
        JsonObject problem = json(r.body());
        assertTrue(
            problem.getString("detail").contains("last enabled admin cannot be " + change[3]),
            r.body());
        if (change[2] != null) {
          assertEquals(change[2], problem.getString("field"), r.body());
        }
      }
      assertEquals(List.of("admin"), enabledAdmins(), "nothing changed");

      // with a second admin, either may go
      String second = fresh("admin");
      ok(
          send(
              admin,
              "POST",
              "api/v1/accounts",
              body(Map.of("username", second, "password", PASSWORD, "role", "admin"))));
      ok(send(admin, "PUT", "api/v1/accounts/" + second, "{\"role\":\"viewer\"}"));
      ok(send(admin, "DELETE", "api/v1/accounts/" + second, null));
      assertEquals(List.of("admin"), enabledAdmins());

      // a zone grant must name a zone that exists; nothing is made otherwise
      String granted = fresh("grant");
      HttpResponse<String> unknown =
          send(
              admin,
              "POST",
              "api/v1/accounts",
              body(
                  Map.of(
                      "username",
                      granted,
                      "password",
                      PASSWORD,
                      "role",
                      "operator",
                      "zones",
                      List.of("matrix.test", "no-such.test"))));
      assertEquals(400, unknown.statusCode(), unknown.body());
      assertEquals("zones", json(unknown.body()).getString("field"));
      assertTrue(
          json(unknown.body()).getString("detail").contains("zone no-such.test. does not exist"),
          unknown.body());
      assertEquals(404, send(admin, "GET", "api/v1/accounts/" + granted, null).statusCode());
    }

    private List<String> enabledAdmins() throws Exception {
      return jsonArray(ok(send(admin, "GET", "api/v1/accounts", null)).body()).stream()
          .map(JsonObject.class::cast)
          .filter(a -> a.getString("role").equals("admin") && a.getBoolean("enabled"))
          .map(a -> a.getString("username"))
          .toList();
    }
  }

  /** Security headers on pages and the API; the session cookie's flags. */
  @Nested
  @Order(7)
  class HeadersAndCookies {
    @Test
    void responsesCarrySecurityHeadersAndTheSessionCookieIsHttpOnlyAndSameSiteStrict()
        throws Exception {
      HttpResponse<String> login =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(api.uri("login.xhtml")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, login.statusCode());
      String cookie =
          login.headers().allValues("Set-Cookie").stream()
              .filter(c -> c.startsWith("JSESSIONID="))
              .findFirst()
              .orElseThrow(() -> new AssertionError(login.headers().toString()));
      assertTrue(cookie.toLowerCase().contains("httponly"), cookie);
      assertTrue(cookie.toLowerCase().contains("samesite=strict"), cookie);
      assertHeaders(login, "frame-ancestors 'none'");
      // single sign-on is off by default (here): the login page offers no provider
      assertFalse(login.body().contains("Sign in with"), login.body());
      assertTrue(
          login.headers().allValues("Content-Security-Policy").stream()
              .anyMatch(v -> v.contains("nonce-")),
          "PrimeFaces CSP nonce: " + login.headers().allValues("Content-Security-Policy"));
      assertHeaders(send(null, "GET", "api/v1/zones", null), "default-src 'none'");
    }

    private static void assertHeaders(HttpResponse<String> r, String csp) {
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
      assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""));
      assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""));
      assertTrue(
          r.headers().allValues("Content-Security-Policy").stream().anyMatch(v -> v.contains(csp)),
          r.headers().toString());
    }
  }

  /**
   * Too many bad logins refuse even the right password until the window passes. Last, because while
   * it runs every password login from this address is refused.
   */
  @Nested
  @Order(8)
  class LoginThrottling {
    @Test
    void theSixthBadLoginWithinTheWindowIsRefusedEvenWithTheRightPasswordUntilItPasses()
        throws Exception {
      ok(
          send(
              admin,
              "POST",
              "api/v1/accounts",
              body(Map.of("username", "it-throttle", "password", PASSWORD, "role", "viewer"))));
      String wrong = basic("it-throttle", "not-the-password");
      String right = basic("it-throttle", PASSWORD);
      try {
        throttled(wrong, right);
      } finally {
        // every login from this address is refused until the window passes: never leave it so
        long end = System.nanoTime() + 30_000_000_000L;
        while (send(right, "GET", "api/v1/config", null).statusCode() == 429
            && System.nanoTime() < end) {
          Thread.sleep(100); // polling, as Await does
        }
      }
    }

    private void throttled(String wrong, String right) throws Exception {
      long first = System.nanoTime(); // the window runs from the first failure
      for (int i = 1; i <= 5; i++) {
        assertEquals(401, send(wrong, "GET", "api/v1/config", null).statusCode(), "attempt " + i);
      }
      HttpResponse<String> refused = send(right, "GET", "api/v1/config", null);
      assertEquals(429, refused.statusCode(), refused.body());
      assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").get());
      // the UI says so too
      HttpApi.UiSession ui = ui();
      HttpResponse<String> page = ui.login("it-throttle", PASSWORD);
      assertEquals(429, page.statusCode());
      assertTrue(page.body().contains("Too many attempts, wait a minute."), page.body());

      // once the window has passed the right password works again (polled, not slept)
      int window = Integer.getInteger("felu.test.login-window-seconds");
      HttpResponse<String> after;
      do {
        Thread.sleep(100); // polling, as Await does
        after = send(right, "GET", "api/v1/config", null);
        if ((System.nanoTime() - first) / 1_000_000_000L > window * 10L) {
          fail("still refused long after the window: " + after.statusCode());
        }
      } while (after.statusCode() == 429);
      assertEquals(200, after.statusCode(), after.body());
      assertTrue(
          (System.nanoTime() - first) / 1_000_000L >= window * 1000L - 500,
          "accepted only once the window had passed");
    }
  }

  // ---- helpers the groups share ----

  private static HttpResponse<String> send(
      String authorization, String method, String path, String body) throws Exception {
    return api.send(authorization, method, path, body);
  }

  private static HttpApi.UiSession ui() {
    return api.new UiSession();
  }

  private static String fresh(String prefix) {
    return "it-" + prefix + "-" + SEQ.incrementAndGet();
  }

  private static String recordBody(String owner) {
    return "{\"name\":\"" + owner + "\",\"type\":\"A\",\"ttl\":300,\"data\":\"192.0.2.7\"}";
  }

  /** The Authorization header of a new token {@code maker} makes with its own role. */
  private static String bearer(String maker, String name) throws Exception {
    return "Bearer "
        + json(ok(send(maker, "POST", "api/v1/tokens", "{\"name\":\"" + name + "\"}")).body())
            .getString("secret");
  }
}
