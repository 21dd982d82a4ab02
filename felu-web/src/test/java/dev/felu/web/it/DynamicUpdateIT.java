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
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Accepted dynamic updates through the container: the UPDATE endpoint bound where {@code
 * felu.update.port} says (the test sets it), a key made through REST verified from the key store,
 * each UPDATE one change — records added and removed, the SOA serial moved once, an audit entry per
 * record by {@code tsig:<key>} — the answer signed with the key (dnsjava checks it), a failed
 * prerequisite changing nothing. The key's policy is stood in for by {@link AllowEveryUpdate}.
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
}
