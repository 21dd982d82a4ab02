package dev.felu.web.it;

import static dev.felu.web.it.HttpApi.basic;
import static dev.felu.web.it.HttpApi.body;
import static dev.felu.web.it.HttpApi.json;
import static dev.felu.web.it.HttpApi.jsonArray;
import static dev.felu.web.it.HttpApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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
 * Accepted dynamic updates through the container: the UPDATE endpoint bound where {@code
 * felu.update.port} says (the test sets it), a key made through REST verified from the key store,
 * each UPDATE one change — records added and removed, the SOA serial moved once, an audit entry per
 * record by {@code tsig:<key>} — the answer signed with the key (dnsjava checks it), a failed
 * prerequisite changing nothing; refusals of a verified key audited, unverified ones not. The key's
 * policy is stood in for by {@link AllowEveryUpdate} (policy refusals: the fleet's {@code
 * DynamicUpdateIT}).
 */
@ExtendWith(ArquillianExtension.class)
class DynamicUpdateIT {
  private static final String RUN = Long.toHexString(System.nanoTime());
  private static final String ZONE = "upd-" + RUN + ".test.";
  private static final String KEY = "upd-" + RUN + ".example.";

  @Deployment(testable = false)
  static WebArchive deployment() throws Exception {
    return Deployments.services()
        .addPackages(true, "dev.felu.update")
        .addClass(AllowEveryUpdate.class);
  }

  @ArquillianResource URL base;

  private final String admin = basic("admin", System.getProperty("felu.test.admin.password"));

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return new HttpApi(base).send(admin, method, "api/v1/" + path, body);
  }

  private String zoneFile() throws Exception {
    return ok(send("GET", "zones/" + ZONE + "/file", null)).body();
  }

  private static Message update(String secret, Update u, boolean tcp) throws Exception {
    SimpleResolver r = new SimpleResolver("127.0.0.1");
    r.setPort(Integer.getInteger("felu.test.update.port"));
    r.setTCP(tcp);
    r.setTimeout(Duration.ofSeconds(10));
    r.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, Name.fromString(KEY), secret));
    return r.send(u);
  }

  @Test
  void anUpdateIsOneAuditedChangeAndAFailedPrerequisiteChangesNothing() throws Exception {
    ok(send("POST", "zones", body(Map.of("name", ZONE))));
    HttpResponse<String> made =
        send("POST", "tsig-keys", body(Map.of("name", KEY, "zones", List.of(ZONE))));
    assertEquals(201, made.statusCode(), made.body());
    String secret = json(made.body()).getString("secret");
    Name zone = Name.fromString(ZONE);
    String before = zoneFile();
    assertTrue(before.contains(" 1 3600 600 1209600 300"), before); // serial 1

    Update add = new Update(zone);
    add.add(Name.fromString("www", zone), Type.A, 300, "192.0.2.10");
    add.add(Name.fromString("_acme-challenge", zone), Type.TXT, 60, "\"token\"");
    assertEquals(Rcode.NOERROR, update(secret, add, false).getRcode());
    String after = zoneFile();
    assertTrue(after.contains("192.0.2.10") && after.contains("\"token\""), after);
    assertTrue(after.contains(" 2 3600 600 1209600 300"), "serial moved once: " + after);

    Update refused = new Update(zone);
    refused.absent(Name.fromString("www", zone));
    refused.add(Name.fromString("mail", zone), Type.A, 300, "192.0.2.25");
    assertEquals(Rcode.YXDOMAIN, update(secret, refused, true).getRcode());
    assertEquals(after, zoneFile());

    Update remove = new Update(zone);
    remove.delete(Name.fromString("_acme-challenge", zone), Type.TXT);
    assertEquals(Rcode.NOERROR, update(secret, remove, true).getRcode());
    String last = zoneFile();
    assertFalse(last.contains("\"token\""), last);
    assertTrue(last.contains(" 3 3600 600 1209600 300"), last);

    JsonArray audit = jsonArray(ok(send("GET", "audit?zone=" + ZONE + "&size=50", null)).body());
    long byKey =
        audit.stream()
            .map(JsonObject.class::cast)
            .filter(e -> ("tsig:" + KEY).equals(e.getString("actor", null)))
            .count();
    // www and the challenge created, the challenge deleted, the SOA changed twice
    assertEquals(5, byKey, audit.toString());
  }

  /**
   * Refusals of a verified key are audited as {@code tsig:<key>} (entity {@code update}, action
   * {@code refused}, the rcode and zone asked in the subject, why and what was sent after); a
   * failed prerequisite is the client's own condition, not a refusal, and is not; requests no key
   * verified (unsigned, unknown key, wrong secret) leave no audit row at all. Nothing changes
   * either way.
   */
  @Test
  void refusalsOfAVerifiedKeyAreAuditedAndUnverifiedOnesAreNot() throws Exception {
    String zoneName = "ref-" + RUN + ".test.";
    String keyName = "ref-" + RUN + ".example.";
    ok(send("POST", "zones", body(Map.of("name", zoneName))));
    HttpResponse<String> made =
        send("POST", "tsig-keys", body(Map.of("name", keyName, "zones", List.of(zoneName))));
    assertEquals(201, made.statusCode(), made.body());
    String secret = json(made.body()).getString("secret");
    TSIG key = new TSIG(TSIG.HMAC_SHA256, Name.fromString(keyName), secret);
    Name zone = Name.fromString(zoneName);
    String before = ok(send("GET", "zones/" + zoneName + "/file", null)).body();

    Update malformed = new Update(zone); // a prerequisite with a TTL: FORMERR (§3.2.1)
    malformed.addRecord(
        Record.newRecord(Name.fromString("www", zone), Type.A, DClass.ANY, 300), Section.PREREQ);
    malformed.add(Name.fromString("www", zone), Type.A, 300, "192.0.2.1");
    assertEquals(Rcode.FORMERR, send(key, malformed, false).getRcode());
    Update outside = new Update(zone);
    outside.add(Name.fromString("www.elsewhere.test."), Type.A, 300, "192.0.2.2");
    assertEquals(Rcode.NOTZONE, send(key, outside, true).getRcode());
    Update noSuchZone = new Update(Name.fromString("nothing-" + RUN + ".test."));
    noSuchZone.add(Name.fromString("www.nothing-" + RUN + ".test."), Type.A, 300, "192.0.2.3");
    assertEquals(Rcode.NOTAUTH, send(key, noSuchZone, false).getRcode());
    Update prerequisite = new Update(zone);
    prerequisite.present(Name.fromString("www", zone), Type.MX);
    prerequisite.add(Name.fromString("www", zone), Type.A, 300, "192.0.2.4");
    assertEquals(Rcode.NXRRSET, send(key, prerequisite, false).getRcode());

    Update add = new Update(zone);
    add.add(Name.fromString("www", zone), Type.A, 300, "192.0.2.5");
    assertEquals(Rcode.REFUSED, send(null, add, false).getRcode(), "unsigned");
    Name stranger = Name.fromString("stranger-" + RUN + ".example.");
    assertEquals(
        Rcode.NOTAUTH,
        send(new TSIG(TSIG.HMAC_SHA256, stranger, secret), add, false).getRcode(),
        "unknown key");
    String wrong = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    assertEquals(
        Rcode.NOTAUTH,
        send(new TSIG(TSIG.HMAC_SHA256, Name.fromString(keyName), wrong), add, true).getRcode(),
        "wrong secret");

    assertEquals(before, ok(send("GET", "zones/" + zoneName + "/file", null)).body());
    List<JsonObject> refused =
        jsonArray(ok(send("GET", "audit?user=tsig:" + keyName + "&size=50", null)).body()).stream()
            .map(JsonObject.class::cast)
            .toList();
    assertEquals(3, refused.size(), refused.toString());
    for (JsonObject e : refused) {
      assertEquals("update", e.getString("entity"), e.toString());
      assertEquals("refused", e.getString("action"), e.toString());
      assertEquals("127.0.0.1", e.getString("address", null), e.toString());
    }
    // newest first
    assertTrue(
        refused.get(2).getString("subject").startsWith("FORMERR " + zoneName), refused.toString());
    assertTrue(
        refused.get(2).getString("after").contains("prerequisite with TTL 300"),
        refused.toString());
    assertEquals(zoneName, refused.get(2).getString("zone", null));
    assertTrue(refused.get(1).getString("subject").startsWith("NOTZONE "), refused.toString());
    assertTrue(
        refused.get(1).getString("after").contains("www.elsewhere.test."), refused.toString());
    assertTrue(
        refused.get(0).getString("subject").startsWith("NOTAUTH nothing-"), refused.toString());
    assertFalse(
        refused.get(0).containsKey("zone") && !refused.get(0).isNull("zone"), refused.toString());
    assertEquals(
        0,
        jsonArray(ok(send("GET", "audit?user=tsig:" + stranger + "&size=50", null)).body()).size(),
        "an unknown key leaves no audit row");
  }

  private static Message send(TSIG key, Update u, boolean tcp) throws Exception {
    SimpleResolver r = new SimpleResolver("127.0.0.1");
    r.setPort(Integer.getInteger("felu.test.update.port"));
    r.setTCP(tcp);
    r.setTimeout(Duration.ofSeconds(10));
    if (key != null) {
      r.setTSIGKey(key);
    }
    return r.send(u);
  }
}
