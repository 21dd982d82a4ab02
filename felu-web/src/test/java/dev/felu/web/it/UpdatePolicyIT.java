package dev.felu.web.it;

import static dev.felu.web.it.HttpApi.basic;
import static dev.felu.web.it.HttpApi.body;
import static dev.felu.web.it.HttpApi.json;
import static dev.felu.web.it.HttpApi.jsonArray;
import static dev.felu.web.it.HttpApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
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
 * A TSIG key's update policy through the REST API as an admin's script sets it: the rules set and
 * read back in their normal form and order, audited as their lines; every bad rule refused naming
 * {@code rules} and the rule, with nothing changed; other roles refused; the rules of a deleted
 * zone gone with it, and a deleted key's with the key. (Who may call what: {@code SecurityIT}'s
 * matrix; matching: {@code UpdatePolicyTest}.)
 */
@ExtendWith(ArquillianExtension.class)
class UpdatePolicyIT {
  private static final String RUN = Long.toHexString(System.nanoTime());
  private static final String ZONE_A = "upd-a-" + RUN + ".test.";
  private static final String ZONE_B = "upd-b-" + RUN + ".test.";

  @Deployment(testable = false)
  static WebArchive deployment() throws Exception {
    return Deployments.services();
  }

  @ArquillianResource URL base;

  private final String admin = basic("admin", System.getProperty("felu.test.admin.password"));

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return send(admin, method, path, body);
  }

  private HttpResponse<String> send(String auth, String method, String path, String body)
      throws Exception {
    return new HttpApi(base).send(auth, method, "api/v1/" + path, body);
  }

  private static Map<String, Object> rule(String zone, String match, String name, String... types) {
    // a null part is left out of the body, as a script that forgot it would
    Map<String, Object> r = new LinkedHashMap<>();
    if (zone != null) {
      r.put("zone", zone);
    }
    if (match != null) {
      r.put("match", match);
    }
    if (name != null) {
      r.put("name", name);
    }
    r.put("types", List.of(types));
    return r;
  }

  private static String policy(Object... rules) {
    return body(Map.of("rules", Arrays.asList(rules)));
  }

  private String key(String prefix) throws Exception {
    String k = prefix + "-" + RUN + ".";
    ok(send("POST", "tsig-keys", body(Map.of("name", k))));
    return k;
  }

  /** The key's rules as their lines, from GET. */
  private List<String> lines(String key) throws Exception {
    List<String> out = new ArrayList<>();
    for (var v :
        json(ok(send("GET", "tsig-keys/" + key + "/update-policy", null)).body())
            .getJsonArray("rules")) {
      JsonObject r = v.asJsonObject();
      StringBuilder line =
          new StringBuilder(
              r.getString("zone") + " " + r.getString("match") + " " + r.getString("name"));
      r.getJsonArray("types")
          .forEach(t -> line.append(' ').append(((jakarta.json.JsonString) t).getString()));
      out.add(line.toString());
    }
    return out;
  }

  @Test
  void aPolicyIsSetReadInNormalFormAuditedAndEmptied() throws Exception {
    ok(send("POST", "zones", body(Map.of("name", ZONE_A))));
    ok(send("POST", "zones", body(Map.of("name", ZONE_B))));
    String key = key("certbot");
    assertEquals(List.of(), lines(key), "a new key may update nothing");

    // the certbot policy: _acme-challenge TXT records of two zones, and one subtree for hosts
    HttpResponse<String> set =
        ok(
            send(
                "PUT",
                "tsig-keys/" + key + "/update-policy",
                policy(
                    rule(ZONE_A, "pattern", "_acme-challenge.*", "TXT"),
                    rule(ZONE_B.toUpperCase(), "PATTERN", "_ACME-Challenge.*", "txt"),
                    rule(
                        ZONE_A,
                        "subtree",
                        "Dyn." + ZONE_A.replaceFirst("\\.$", ""),
                        "aaaa",
                        "A"))));
    List<String> expected =
        List.of(
            ZONE_A + " pattern _acme-challenge.* TXT",
            ZONE_B + " pattern _acme-challenge.* TXT",
            ZONE_A + " subtree dyn." + ZONE_A + " A AAAA");
    List<String> answered = new ArrayList<>();
    json(set.body()).getJsonArray("rules").forEach(v -> answered.add(v.toString()));
    assertEquals(3, answered.size(), set.body());
    assertEquals(expected, lines(key));

    // audited as the rules' lines, before and after
    JsonObject entry = auditOf(key);
    assertEquals("", entry.getString("before", ""), entry.toString());
    assertEquals(String.join("\n", expected), entry.getString("after"), entry.toString());

    // the same again changes nothing and audits nothing more
    int entries = auditCount(key);
    ok(
        send(
            "PUT",
            "tsig-keys/" + key + "/update-policy",
            policy(
                rule(ZONE_A, "pattern", "_acme-challenge.*", "TXT"),
                rule(ZONE_B, "pattern", "_acme-challenge.*", "TXT"),
                rule(ZONE_A, "subtree", "dyn." + ZONE_A, "A", "AAAA"))));
    assertEquals(entries, auditCount(key));

    // types left out: the default set, written as none
    ok(
        send(
            "PUT",
            "tsig-keys/" + key + "/update-policy",
            body(
                Map.of(
                    "rules",
                    List.of(Map.of("zone", ZONE_A, "match", "exact", "name", "host." + ZONE_A))))));
    assertEquals(List.of(ZONE_A + " exact host." + ZONE_A), lines(key));

    // emptied: the key may update nothing again
    ok(send("PUT", "tsig-keys/" + key + "/update-policy", policy()));
    assertEquals(List.of(), lines(key));
  }

  @Test
  void badRulesAreRefusedNamingRulesAndChangeNothing() throws Exception {
    String zone = "upd-bad-" + RUN + ".test.";
    ok(send("POST", "zones", body(Map.of("name", zone))));
    String key = key("bad");
    String good = policy(rule(zone, "pattern", "_acme-challenge.*", "TXT"));
    ok(send("PUT", "tsig-keys/" + key + "/update-policy", good));
    List<String> before = lines(key);

    List<Object> many = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      many.add(rule(zone, "exact", "h" + i + "." + zone, "A"));
    }
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("no rules", "{}");
    bad.put("rules null", "{\"rules\":null}");
    bad.put("a null rule", "{\"rules\":[null]}");
    bad.put("unknown zone", policy(rule("missing-" + RUN + ".test.", "pattern", "*", "TXT")));
    bad.put("no zone", policy(rule(null, "pattern", "*", "TXT")));
    bad.put("bad zone", policy(rule("bad zone", "pattern", "*", "TXT")));
    bad.put("bad match", policy(rule(zone, "regex", "*", "TXT")));
    bad.put("no match", policy(rule(zone, null, "*", "TXT")));
    bad.put("no name", policy(rule(zone, "exact", null, "TXT")));
    bad.put("name outside the zone", policy(rule(zone, "exact", "www.example.net.", "A")));
    bad.put("relative exact name", policy(rule(zone, "subtree", "www", "A")));
    bad.put("star inside a label", policy(rule(zone, "pattern", "_acme-*", "TXT")));
    bad.put("pattern without a star", policy(rule(zone, "pattern", "_acme-challenge", "TXT")));
    bad.put("absolute pattern", policy(rule(zone, "pattern", "_acme-challenge.*.", "TXT")));
    bad.put("bad label", policy(rule(zone, "pattern", "a b.*", "TXT")));
    bad.put("unknown type", policy(rule(zone, "pattern", "*", "NOTATYPE")));
    bad.put("meta type ANY", policy(rule(zone, "pattern", "*", "ANY")));
    bad.put("meta type AXFR", policy(rule(zone, "pattern", "*", "AXFR")));
    bad.put("meta type TSIG", policy(rule(zone, "pattern", "*", "TSIG")));
    bad.put(
        "a rule twice",
        policy(rule(zone, "pattern", "*", "TXT"), rule(zone.toUpperCase(), "pattern", "*", "txt")));
    bad.put("101 rules", policy(many.toArray()));
    bad.put("rules not a list", "{\"rules\":\"example.com. pattern * TXT\"}");
    for (Map.Entry<String, String> b : bad.entrySet()) {
      HttpResponse<String> r = send("PUT", "tsig-keys/" + key + "/update-policy", b.getValue());
      assertEquals(400, r.statusCode(), b.getKey() + ": " + r.body());
      assertEquals(
          "application/problem+json",
          r.headers().firstValue("Content-Type").orElse(""),
          b.getKey());
      assertEquals("rules", json(r.body()).getString("field"), b.getKey() + ": " + r.body());
      assertEquals(before, lines(key), b.getKey() + " changed nothing");
    }
    // the rule is named by its number
    HttpResponse<String> second =
        send(
            "PUT",
            "tsig-keys/" + key + "/update-policy",
            policy(rule(zone, "pattern", "*", "TXT"), rule(zone, "pattern", "_acme-*", "TXT")));
    assertTrue(
        json(second.body()).getString("detail").startsWith("rule #2: pattern '_acme-*'"),
        second.body());

    // no body, and a body that is not JSON: 400 problems
    for (String body : new String[] {null, "{not json"}) {
      HttpResponse<String> r = send("PUT", "tsig-keys/" + key + "/update-policy", body);
      assertEquals(400, r.statusCode(), body + ": " + r.body());
      assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
    }
    assertEquals(before, lines(key));

    // an unknown key: 404 both ways
    String missing = "tsig-keys/missing-" + RUN + "./update-policy";
    assertEquals(404, send("GET", missing, null).statusCode());
    assertEquals(404, send("PUT", missing, good).statusCode());
  }

  @Test
  void onlyAdminsReadOrSetAPolicy() throws Exception {
    String zone = "upd-role-" + RUN + ".test.";
    ok(send("POST", "zones", body(Map.of("name", zone))));
    String key = key("role");
    String good = policy(rule(zone, "pattern", "_acme-challenge.*", "TXT"));
    String password = "upd-password-" + RUN;
    for (String role : List.of("operator", "viewer")) {
      String user = "upd-" + role + "-" + RUN;
      ok(
          send(
              "POST",
              "accounts",
              body(
                  Map.of("username", user, "password", password, "role", role, "allZones", true))));
      String auth = basic(user, password);
      assertEquals(
          403, send(auth, "GET", "tsig-keys/" + key + "/update-policy", null).statusCode());
      assertEquals(
          403, send(auth, "PUT", "tsig-keys/" + key + "/update-policy", good).statusCode());
    }
    assertEquals(401, send(null, "GET", "tsig-keys/" + key + "/update-policy", null).statusCode());
    assertEquals(List.of(), lines(key), "nothing was set");
  }

  @Test
  void aDeletedZoneTakesItsRulesAndADeletedKeyItsPolicy() throws Exception {
    String kept = "upd-kept-" + RUN + ".test.";
    String gone = "upd-gone-" + RUN + ".test.";
    ok(send("POST", "zones", body(Map.of("name", kept))));
    ok(send("POST", "zones", body(Map.of("name", gone))));
    String key = key("deleted");
    ok(
        send(
            "PUT",
            "tsig-keys/" + key + "/update-policy",
            policy(
                rule(gone, "pattern", "_acme-challenge.*", "TXT"),
                rule(kept, "pattern", "_acme-challenge.*", "TXT"))));

    assertEquals(204, send("DELETE", "zones/" + gone, null).statusCode());
    assertEquals(List.of(kept + " pattern _acme-challenge.* TXT"), lines(key));

    long id = keyId(key);
    assertEquals(1, rows(id));
    assertEquals(204, send("DELETE", "tsig-keys/" + key, null).statusCode());
    assertEquals(0, rows(id), "the key's rules are gone with it");
    assertEquals(404, send("GET", "tsig-keys/" + key + "/update-policy", null).statusCode());
    // a new key of the same name starts without a policy
    ok(send("POST", "tsig-keys", body(Map.of("name", key))));
    assertEquals(List.of(), lines(key));
  }

  private JsonObject auditOf(String key) throws Exception {
    return audit(key).get(0);
  }

  private int auditCount(String key) throws Exception {
    return audit(key).size();
  }

  /** The key's update-policy audit entries, newest first. */
  private List<JsonObject> audit(String key) throws Exception {
    return jsonArray(ok(send("GET", "audit?size=200", null)).body()).stream()
        .map(v -> v.asJsonObject())
        .filter(
            e ->
                e.getString("entity").equals("tsig-key")
                    && e.getString("action").equals("update-policy")
                    && e.getString("subject").equals(key))
        .toList();
  }

  private static long keyId(String name) throws Exception {
    try (Connection c = database();
        PreparedStatement s = c.prepareStatement("SELECT id FROM tsig_key WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        assertTrue(r.next(), "a row for " + name);
        return r.getLong(1);
      }
    }
  }

  private static int rows(long keyId) throws Exception {
    try (Connection c = database();
        PreparedStatement s =
            c.prepareStatement("SELECT COUNT(*) FROM tsig_key_update_rule WHERE key_id = ?")) {
      s.setLong(1, keyId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  private static Connection database() throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + System.getProperty("felu.test.db.port") + "/postgres",
        "postgres",
        "unused");
  }
}
