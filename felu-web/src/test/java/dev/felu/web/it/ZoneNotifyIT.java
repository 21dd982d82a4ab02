package dev.felu.web.it;

import static dev.felu.web.it.HttpApi.basic;
import static dev.felu.web.it.HttpApi.body;
import static dev.felu.web.it.HttpApi.json;
import static dev.felu.web.it.HttpApi.jsonArray;
import static dev.felu.web.it.HttpApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URL;
import java.net.http.HttpResponse;
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
 * A zone's secondaries to NOTIFY through the REST API ({@code /zones/{zone}/notify}): set and read
 * back in normal form, a change audited and a revision, an unchanged list none; every bad entry
 * refused naming {@code secondaries} with nothing changed; a TSIG key a secondary signs with can
 * neither be deleted nor lose the zone; a caller limited to one zone reaches no other zone's list.
 * (Also the transfer networks' IPv6 normal form, RFC 5952.)
 */
@ExtendWith(ArquillianExtension.class)
class ZoneNotifyIT {
  private static final String RUN = Long.toHexString(System.nanoTime());
  private static final String PASSWORD = "notify-password-" + RUN;

  @Deployment(testable = false)
  static WebArchive deployment() throws Exception {
    return Deployments.services();
  }

  @ArquillianResource URL base;

  private final String admin = basic("admin", System.getProperty("felu.test.admin.password"));

  private HttpResponse<String> send(String auth, String method, String path, String body)
      throws Exception {
    return new HttpApi(base).send(auth, method, "api/v1/" + path, body);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return send(admin, method, path, body);
  }

  @Test
  void secondariesAreSetAndReadBackInNormalFormAuditedOneRevisionPerChange() throws Exception {
    String zone = "notify-" + RUN + ".test.";
    String key = "xfr-" + RUN + ".example.";
    ok(send("POST", "zones", body(Map.of("name", zone))));
    ok(send("POST", "tsig-keys", body(Map.of("name", key, "zones", List.of(zone)))));
    assertEquals(List.of(), secondaries(zone));

    long before = revision();
    String given =
        body(
            Map.of(
                "secondaries",
                List.of(
                    Map.of("address", "2001:DB8:0:0::0053"),
                    Map.of("address", " 192.0.2.1 ", "port", 5353, "key", key.toUpperCase()),
                    Map.of("address", "192.0.2.1", "key", key.substring(0, key.length() - 1)))));
    HttpResponse<String> set = ok(send("PUT", "zones/" + zone + "/notify", given));
    List<String> expected =
        List.of("192.0.2.1 53 " + key, "192.0.2.1 5353 " + key, "2001:db8::53 53 -");
    assertEquals(expected, lines(json(set.body())), set.body());
    assertEquals(expected, secondaries(zone));
    assertFalse(set.body().contains("\"key\":null"), "an unsigned secondary has no key: " + set);
    assertEquals(before + 1, revision(), "one revision for the change");

    // the same list again: nothing changes, no revision
    ok(send("PUT", "zones/" + zone + "/notify", given));
    assertEquals(before + 1, revision(), "no revision for an unchanged list");

    // audited, before and after as text
    List<JsonObject> audited =
        jsonArray(ok(send("GET", "audit?size=200", null)).body()).stream()
            .map(v -> v.asJsonObject())
            .filter(e -> e.getString("action").equals("notify-secondaries"))
            .filter(e -> e.getString("subject").equals(zone))
            .toList();
    assertEquals(1, audited.size(), audited.toString());
    assertTrue(audited.get(0).toString().contains("192.0.2.1:5353 key=" + key), audited.toString());

    // transfer networks are written as RFC 5952 does too
    JsonObject nets =
        json(
            ok(send(
                    "PUT",
                    "zones/" + zone + "/transfer",
                    body(Map.of("networks", List.of("2001:db8:0:0::1/32")))))
                .body());
    assertEquals(List.of("2001:db8::/32"), strings(nets, "networks"));

    // emptied
    ok(send("PUT", "zones/" + zone + "/notify", body(Map.of("secondaries", List.of()))));
    assertEquals(List.of(), secondaries(zone));
  }

  @Test
  void aBadSecondaryIsRefusedNamingTheFieldAndChangesNothing() throws Exception {
    String zone = "notify-bad-" + RUN + ".test.";
    String other = "notify-other-" + RUN + ".test.";
    String elsewhere = "elsewhere-" + RUN + ".example.";
    ok(send("POST", "zones", body(Map.of("name", zone))));
    ok(send("POST", "zones", body(Map.of("name", other))));
    ok(send("POST", "tsig-keys", body(Map.of("name", elsewhere, "zones", List.of(other)))));
    ok(
        send(
            "PUT",
            "zones/" + zone + "/notify",
            body(Map.of("secondaries", List.of(Map.of("address", "192.0.2.9"))))));
    List<String> kept = secondaries(zone);
    long revision = revision();

    Map<String, Map<String, Object>> bad = new LinkedHashMap<>();
    bad.put("host name", Map.of("address", "ns1.example."));
    bad.put("octet over 255", Map.of("address", "999.1.1.1"));
    bad.put("port 0", Map.of("address", "192.0.2.1", "port", 0));
    bad.put("port over 65535", Map.of("address", "192.0.2.1", "port", 65536));
    bad.put("unknown key", Map.of("address", "192.0.2.1", "key", "missing-" + RUN + "."));
    bad.put("key not allowed on the zone", Map.of("address", "192.0.2.1", "key", elsewhere));
    for (Map.Entry<String, Map<String, Object>> b : bad.entrySet()) {
      HttpResponse<String> r =
          send(
              "PUT",
              "zones/" + zone + "/notify",
              body(Map.of("secondaries", List.of(Map.of("address", "192.0.2.10"), b.getValue()))));
      assertEquals(400, r.statusCode(), b.getKey() + ": " + r.body());
      assertEquals(
          "application/problem+json",
          r.headers().firstValue("Content-Type").orElse(""),
          b.getKey());
      assertEquals("secondaries", json(r.body()).getString("field"), b.getKey() + ": " + r.body());
    }
    // the messages say which entry and why
    String hostName =
        send(
                "PUT",
                "zones/" + zone + "/notify",
                body(Map.of("secondaries", List.of(Map.of("address", "ns1.example.")))))
            .body();
    assertTrue(hostName.contains("secondary #1") && hostName.contains("ns1.example."), hostName);
    String notAllowed =
        send(
                "PUT",
                "zones/" + zone + "/notify",
                body(
                    Map.of(
                        "secondaries", List.of(Map.of("address", "192.0.2.1", "key", elsewhere)))))
            .body();
    assertTrue(notAllowed.contains(elsewhere) && notAllowed.contains(zone), notAllowed);
    // the same address and port twice
    HttpResponse<String> twice =
        send(
            "PUT",
            "zones/" + zone + "/notify",
            body(
                Map.of(
                    "secondaries",
                    List.of(
                        Map.of("address", "192.0.2.1"),
                        Map.of("address", "192.0.2.1", "port", 53)))));
    assertEquals(400, twice.statusCode(), twice.body());
    assertEquals("secondaries", json(twice.body()).getString("field"));
    // no list, no body
    HttpResponse<String> noList = send("PUT", "zones/" + zone + "/notify", "{}");
    assertEquals(400, noList.statusCode(), noList.body());
    assertEquals("secondaries", json(noList.body()).getString("field"));
    HttpResponse<String> noBody = send("PUT", "zones/" + zone + "/notify", null);
    assertEquals(400, noBody.statusCode(), noBody.body());
    assertEquals(
        "application/problem+json", noBody.headers().firstValue("Content-Type").orElse(""));

    assertEquals(kept, secondaries(zone), "nothing changed");
    assertEquals(revision, revision(), "no revision");
  }

  @Test
  void aKeyThatSignsANotifyCannotBeDeletedNorLoseTheZone() throws Exception {
    String zone = "notify-key-" + RUN + ".test.";
    String key = "signing-" + RUN + ".example.";
    ok(send("POST", "zones", body(Map.of("name", zone))));
    ok(send("POST", "tsig-keys", body(Map.of("name", key, "zones", List.of(zone)))));
    ok(
        send(
            "PUT",
            "zones/" + zone + "/notify",
            body(Map.of("secondaries", List.of(Map.of("address", "192.0.2.53", "key", key))))));

    HttpResponse<String> delete = send("DELETE", "tsig-keys/" + key, null);
    assertEquals(409, delete.statusCode(), delete.body());
    assertTrue(delete.body().contains(zone), delete.body());
    ok(send("GET", "tsig-keys/" + key, null));
    assertTrue(ok(send("GET", "tsig-keys", null)).body().contains(key), "still listed");

    HttpResponse<String> narrowed =
        send("PUT", "tsig-keys/" + key, body(Map.of("zones", List.of())));
    assertEquals(409, narrowed.statusCode(), narrowed.body());
    assertTrue(narrowed.body().contains(zone), narrowed.body());
    assertEquals(
        List.of(zone), strings(json(ok(send("GET", "tsig-keys/" + key, null)).body()), "zones"));

    // removed from the secondaries first: then the key goes
    ok(send("PUT", "zones/" + zone + "/notify", body(Map.of("secondaries", List.of()))));
    assertEquals(204, send("DELETE", "tsig-keys/" + key, null).statusCode());
  }

  @Test
  void aCallerLimitedToOneZoneNeitherReadsNorSetsAnothersSecondaries() throws Exception {
    String mine = "notify-mine-" + RUN + ".test.";
    String theirs = "notify-theirs-" + RUN + ".test.";
    ok(send("POST", "zones", body(Map.of("name", mine))));
    ok(send("POST", "zones", body(Map.of("name", theirs))));
    ok(
        send(
            "PUT",
            "zones/" + theirs + "/notify",
            body(Map.of("secondaries", List.of(Map.of("address", "198.51.100.7"))))));
    String username = "notify-op-" + RUN;
    ok(
        send(
            "POST",
            "accounts",
            body(
                Map.of(
                    "username",
                    username,
                    "password",
                    PASSWORD,
                    "role",
                    "operator",
                    "zones",
                    List.of(mine)))));
    String operator = basic(username, PASSWORD);

    HttpResponse<String> read = send(operator, "GET", "zones/" + theirs + "/notify", null);
    assertTrue(read.statusCode() == 403 || read.statusCode() == 404, read.statusCode() + "");
    assertFalse(read.body().contains("198.51.100.7"), read.body());
    HttpResponse<String> set =
        send(
            operator,
            "PUT",
            "zones/" + theirs + "/notify",
            body(Map.of("secondaries", List.of(Map.of("address", "203.0.113.66")))));
    assertTrue(set.statusCode() == 403 || set.statusCode() == 404, set.statusCode() + "");
    assertEquals(List.of("198.51.100.7 53 -"), secondaries(theirs), "theirs as it was");

    // and the same operator does set its own zone's
    ok(
        send(
            operator,
            "PUT",
            "zones/" + mine + "/notify",
            body(Map.of("secondaries", List.of(Map.of("address", "203.0.113.66"))))));
    assertEquals(List.of("203.0.113.66 53 -"), secondaries(mine));
  }

  /** The zone's secondaries as {@code address port key} lines ({@code -}: unsigned). */
  private List<String> secondaries(String zone) throws Exception {
    return lines(json(ok(send("GET", "zones/" + zone + "/notify", null)).body()));
  }

  private static List<String> lines(JsonObject answer) {
    return answer.getJsonArray("secondaries").stream()
        .map(v -> v.asJsonObject())
        .map(
            s ->
                s.getString("address")
                    + " "
                    + s.getInt("port")
                    + " "
                    + (s.containsKey("key") && !s.isNull("key") ? s.getString("key") : "-"))
        .toList();
  }

  private long revision() throws Exception {
    return json(ok(send("GET", "config", null)).body()).getJsonNumber("revision").longValue();
  }

  private static List<String> strings(JsonObject o, String member) {
    return o.getJsonArray(member).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .toList();
  }
}
