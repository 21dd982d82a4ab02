package dev.felu.web.it;

import static dev.felu.web.it.HttpApi.basic;
import static dev.felu.web.it.HttpApi.body;
import static dev.felu.web.it.HttpApi.json;
import static dev.felu.web.it.HttpApi.jsonArray;
import static dev.felu.web.it.HttpApi.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.link.KeySealer;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The TSIG key store through the REST API as an admin's script uses it: a key made with a generated
 * or a given secret, shown once and sealed in the database; listed without secrets; its zones
 * changed; deleted; every bad input refused naming its field, with nothing made or changed; every
 * change audited without the secret. (Who may call what: {@code SecurityIT}'s matrix; that no
 * zone-scoped caller sees a key: {@code SecurityProbeIT}.)
 */
@ExtendWith(ArquillianExtension.class)
class TsigKeysIT {
  private static final String RUN = Long.toHexString(System.nanoTime());
  private static final String ZONE = "tsig-" + RUN + ".test.";

  @Deployment(testable = false)
  static WebArchive deployment() throws Exception {
    return Deployments.services();
  }

  @ArquillianResource URL base;

  private final String admin = basic("admin", System.getProperty("felu.test.admin.password"));

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return new HttpApi(base).send(admin, method, "api/v1/" + path, body);
  }

  @Test
  void aKeyIsMadeShownOnceSealedListedChangedAndDeleted() throws Exception {
    ok(send("POST", "zones", body(Map.of("name", ZONE))));

    // generated: hmac-sha256, 32 random bytes, the name in its normal form
    String name = "Transfer-" + RUN + ".Example";
    HttpResponse<String> made =
        send("POST", "tsig-keys", body(Map.of("name", name, "zones", List.of(ZONE))));
    assertEquals(201, made.statusCode(), made.body());
    assertEquals("no-store", made.headers().firstValue("Cache-Control").orElse(null));
    JsonObject key = json(made.body());
    String normal = ("transfer-" + RUN + ".example.").toLowerCase();
    assertEquals(normal, key.getString("name"));
    assertEquals("hmac-sha256", key.getString("algorithm"));
    assertEquals(List.of(ZONE), strings(key, "zones"));
    byte[] secret = Base64.getDecoder().decode(key.getString("secret"));
    assertEquals(32, secret.length);
    assertTrue(
        made.headers().firstValue("Location").orElse("").endsWith("/tsig-keys/" + normal),
        made.headers().toString());

    // sealed at rest: the row holds no clear secret, and the master key opens it to the same one
    byte[] sealed = sealedOf(normal);
    assertFalse(contains(sealed, secret), "the secret is not stored in clear");
    assertArrayEquals(
        secret,
        KeySealer.fromBase64(System.getProperty("felu.test.link.master-key"))
            .open(sealed, "tsig-key:" + normal));

    // listed and read without the secret, ever again
    String secretText = key.getString("secret");
    HttpResponse<String> list = ok(send("GET", "tsig-keys", null));
    assertFalse(list.body().contains(secretText), "not in the list");
    assertTrue(list.body().contains(normal), list.body());
    HttpResponse<String> one = ok(send("GET", "tsig-keys/" + normal, null));
    assertFalse(one.body().contains(secretText), "not in the key's view");
    JsonObject view = json(one.body());
    assertTrue(!view.containsKey("secret") || view.isNull("secret"), one.body());

    // a peer's existing key, given in Base64, kept as given
    byte[] given = new byte[64];
    new java.security.SecureRandom().nextBytes(given);
    String givenText = Base64.getEncoder().encodeToString(given);
    String peer = "peer-" + RUN + ".";
    JsonObject imported =
        json(
            ok(send(
                    "POST",
                    "tsig-keys",
                    body(Map.of("name", peer, "algorithm", "HMAC-SHA512.", "secret", givenText))))
                .body());
    assertEquals("hmac-sha512", imported.getString("algorithm"));
    assertEquals(givenText, imported.getString("secret"));
    assertArrayEquals(
        given,
        KeySealer.fromBase64(System.getProperty("felu.test.link.master-key"))
            .open(sealedOf(peer), "tsig-key:" + peer));
    assertEquals(List.of(), strings(imported, "zones"));

    // the zones it may transfer change
    JsonObject changed =
        json(ok(send("PUT", "tsig-keys/" + peer, body(Map.of("zones", List.of(ZONE))))).body());
    assertEquals(List.of(ZONE), strings(changed, "zones"));

    // deleted: gone
    assertEquals(204, send("DELETE", "tsig-keys/" + peer, null).statusCode());
    assertEquals(404, send("GET", "tsig-keys/" + peer, null).statusCode());
    assertEquals(404, send("DELETE", "tsig-keys/" + peer, null).statusCode());

    // audited, never with a secret
    String audit = ok(send("GET", "audit?size=200", null)).body();
    for (String action : List.of("create", "update", "delete")) {
      assertTrue(
          jsonArray(audit).stream()
              .map(e -> e.asJsonObject())
              .anyMatch(
                  e ->
                      e.getString("entity").equals("tsig-key")
                          && e.getString("action").equals(action)
                          && e.getString("subject").equals(peer)),
          action + " of " + peer + " audited: " + audit);
    }
    assertFalse(audit.contains(secretText) || audit.contains(givenText), "no secret audited");
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndMakesNothing() throws Exception {
    ok(send("POST", "zones", body(Map.of("name", "bad-" + ZONE))));
    String taken = "taken-" + RUN + ".";
    ok(send("POST", "tsig-keys", body(Map.of("name", taken))));
    Set<String> before = names();
    String garbage = "not base64 at all!!" + RUN;
    Map<String, Map<String, Object>> bad =
        Map.of(
            "name",
            Map.of("name", "two\\.labels-" + RUN),
            "algorithm",
            Map.of("name", "md5-" + RUN, "algorithm", "hmac-md5"),
            "secret",
            Map.of("name", "garbage-" + RUN, "secret", garbage),
            "zones",
            Map.of("name", "nozone-" + RUN, "zones", List.of("missing-" + RUN + ".test.")));
    for (Map.Entry<String, Map<String, Object>> b : bad.entrySet()) {
      HttpResponse<String> r = send("POST", "tsig-keys", body(b.getValue()));
      assertEquals(400, r.statusCode(), b.getKey() + ": " + r.body());
      assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
      assertEquals(b.getKey(), json(r.body()).getString("field"), r.body());
      assertFalse(r.body().contains(garbage), "a given secret is never repeated: " + r.body());
    }
    // a secret too short for an HMAC key
    HttpResponse<String> shortKey =
        send(
            "POST",
            "tsig-keys",
            body(
                Map.of(
                    "name",
                    "short-" + RUN,
                    "secret",
                    Base64.getEncoder().encodeToString(new byte[8]))));
    assertEquals(400, shortKey.statusCode(), shortKey.body());
    assertEquals("secret", json(shortKey.body()).getString("field"));
    // a name taken: 409 on the name
    HttpResponse<String> again = send("POST", "tsig-keys", body(Map.of("name", taken)));
    assertEquals(409, again.statusCode(), again.body());
    assertEquals("name", json(again.body()).getString("field"));
    // no body
    assertEquals(400, send("POST", "tsig-keys", null).statusCode());
    assertEquals(before, names(), "nothing was made");

    // zones that do not exist are not granted; the key keeps what it had
    ok(send("PUT", "tsig-keys/" + taken, body(Map.of("zones", List.of("bad-" + ZONE)))));
    HttpResponse<String> unknown =
        send("PUT", "tsig-keys/" + taken, body(Map.of("zones", List.of("gone-" + RUN + ".test."))));
    assertEquals(400, unknown.statusCode(), unknown.body());
    assertEquals("zones", json(unknown.body()).getString("field"));
    assertEquals(
        List.of("bad-" + ZONE),
        strings(json(ok(send("GET", "tsig-keys/" + taken, null)).body()), "zones"));
  }

  private Set<String> names() throws Exception {
    Set<String> out = new TreeSet<>();
    jsonArray(ok(send("GET", "tsig-keys", null)).body())
        .forEach(v -> out.add(v.asJsonObject().getString("name")));
    return out;
  }

  private static List<String> strings(JsonObject o, String member) {
    return o.getJsonArray(member).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .toList();
  }

  /** The key's sealed secret as the database holds it. */
  private static byte[] sealedOf(String name) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:"
                    + System.getProperty("felu.test.db.port")
                    + "/postgres",
                "postgres",
                "unused");
        PreparedStatement s = c.prepareStatement("SELECT sealed FROM tsig_key WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        assertTrue(r.next(), "a row for " + name);
        return r.getBytes(1);
      }
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
