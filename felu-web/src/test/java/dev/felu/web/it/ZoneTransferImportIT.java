package dev.felu.web.it;

import static dev.felu.web.it.HttpApi.basic;
import static dev.felu.web.it.HttpApi.body;
import static dev.felu.web.it.HttpApi.json;
import static dev.felu.web.it.HttpApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
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
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Migration by AXFR import, as an operator moving from Knot does it: a real Knot primary on
 * loopback with a TSIG key, the same key given to felu's key store, a dry run that changes nothing,
 * the import that reproduces the zone exactly, a second import after a change on the primary that
 * shows only the difference; an unsigned transfer refused by Knot, an unknown key, a transfer cut
 * short and a garbled one ({@link FakePrimary}) each refused with a problem naming the zone, and
 * nothing imported.
 */
@ExtendWith(ArquillianExtension.class)
class ZoneTransferImportIT {
  private static final String RUN = Long.toHexString(System.nanoTime());
  private static final String ZONE = "mig-" + RUN + ".test.";
  private static final String KEY = "mig-" + RUN + ".key.";

  @Deployment(testable = false)
  static WebArchive deployment() throws Exception {
    return Deployments.services();
  }

  @ArquillianResource URL base;

  private final String admin = basic("admin", System.getProperty("felu.test.admin.password"));

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return new HttpApi(base).send(admin, method, "api/v1/" + path, body);
  }

  private static final String BROKEN = "broken-" + RUN + ".test.";

  private static String zoneFile(String serial, String... more) {
    return zoneFileOf(ZONE, serial, more);
  }

  private static String zoneFileOf(String zone, String serial, String... more) {
    StringBuilder f =
        new StringBuilder()
            .append("$ORIGIN ")
            .append(zone)
            .append("\n$TTL 3600\n")
            .append("@ 7200 IN SOA primary.example.net. dns-admin.example.net. ")
            .append(serial)
            .append(" 7200 900 1209600 60\n")
            .append("@ IN NS ns1.example.net.\n")
            .append("@ IN NS ns2.example.net.\n")
            .append("@ IN MX 10 mail\n")
            .append("mail 300 IN A 192.0.2.25\n")
            .append("www IN AAAA 2001:db8::80\n")
            .append("www IN A 192.0.2.80\n")
            .append("ftp IN CNAME www\n")
            .append("*.apps IN A 192.0.2.90\n")
            .append("_sip._tcp IN SRV 10 5 5060 sip\n")
            .append("txt IN TXT \"v=spf1 -all\" \"two strings\"\n")
            .append("sub IN NS ns.sub\n")
            .append("ns.sub IN A 192.0.2.53\n");
    for (String line : more) {
      f.append(line).append('\n');
    }
    return f.toString();
  }

  private Map<String, Object> request(int port, String key) {
    return request(port, key, ZONE);
  }

  private Map<String, Object> request(int port, String key, String zone) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("primary", "127.0.0.1");
    r.put("port", port);
    if (key != null) {
      r.put("tsigKey", key);
    }
    r.put("zones", List.of(zone));
    return r;
  }

  @Test
  void zonesMoveFromAKnotPrimaryWithTsigExactlyAndASecondImportIsTheDifference() throws Exception {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String secretText = Base64.getEncoder().encodeToString(secret);
    ok(send("POST", "tsig-keys", body(Map.of("name", KEY, "secret", secretText))));
    try (KnotPrimary knot = new KnotPrimary(ZONE, KEY, "hmac-sha256", secretText)) {
      String first = zoneFile("2024010101", "old IN A 192.0.2.1");
      knot.serve(first);

      // dry run: what would be created, nothing changed
      HttpResponse<String> dry =
          send("POST", "zones/transfer?dryRun=true", body(request(knot.port(), KEY)));
      assertEquals(200, dry.statusCode(), dry.body());
      JsonObject plan = json(dry.body());
      assertEquals(1, plan.getInt("zonesCreated"), dry.body());
      assertEquals(records(first).size(), plan.getJsonNumber("addedCount").intValue(), dry.body());
      assertEquals(404, send("GET", "zones/" + ZONE, null).statusCode(), "nothing made yet");

      // the import: the zone as the primary serves it, its SOA's fields kept
      HttpResponse<String> run = send("POST", "zones/transfer", body(request(knot.port(), KEY)));
      assertEquals(200, run.statusCode(), run.body());
      assertFalse(json(run.body()).isNull("revision"), run.body());
      assertSameZone(first);

      // a change on the primary: a second import is only the difference
      String second = zoneFile("2024010102", "new IN A 192.0.2.2");
      knot.serve(second);
      JsonObject diff =
          json(
              ok(send("POST", "zones/transfer?dryRun=true", body(request(knot.port(), KEY))))
                  .body());
      assertEquals(0, diff.getInt("zonesCreated"), diff.toString());
      assertEquals(1, diff.getInt("zonesChanged"), diff.toString());
      // one record gone, one new, and the SOA: the primary's higher serial is kept
      assertEquals(2, diff.getJsonNumber("addedCount").intValue(), diff.toString());
      assertEquals(2, diff.getJsonNumber("removedCount").intValue(), diff.toString());
      ok(send("POST", "zones/transfer", body(request(knot.port(), KEY))));
      assertSameZone(second);
      assertEquals(2024010102L, soaOf(ok(send("GET", "zones/" + ZONE + "/file", null)).body()));

      // Knot refuses an unsigned transfer: said, naming the zone, nothing changed
      String before = ok(send("GET", "zones/" + ZONE + "/file", null)).body();
      knot.serve(zoneFile("2024010103", "third IN A 192.0.2.3"));
      HttpResponse<String> unsigned =
          send("POST", "zones/transfer", body(request(knot.port(), null)));
      assertEquals(502, unsigned.statusCode(), unsigned.body());
      assertEquals("zones", json(unsigned.body()).getString("field"));
      assertTrue(json(unsigned.body()).getString("detail").contains(ZONE), unsigned.body());
      // a key felu does not have: the request is wrong, the primary is not asked
      HttpResponse<String> unknown =
          send("POST", "zones/transfer", body(request(knot.port(), "no-such-" + RUN + ".")));
      assertEquals(400, unknown.statusCode(), unknown.body());
      assertEquals("tsigKey", json(unknown.body()).getString("field"));
      assertEquals(before, ok(send("GET", "zones/" + ZONE + "/file", null)).body());
    }
  }

  @Test
  void aTransferCutShortOrGarbledImportsNothingAndSaysWhy() throws Exception {
    List<Record> zone = List.copyOf(records(zoneFileOf(BROKEN, "7"), BROKEN));
    Record soa = zone.stream().filter(r -> r.getType() == Type.SOA).findFirst().orElseThrow();
    List<Record> soaFirst =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(soa), zone.stream().filter(r -> r != soa))
            .toList();
    for (FakePrimary.Mode mode : List.of(FakePrimary.Mode.TRUNCATED, FakePrimary.Mode.GARBAGE)) {
      try (FakePrimary primary = new FakePrimary(mode, soaFirst)) {
        HttpResponse<String> r =
            send("POST", "zones/transfer", body(request(primary.port(), null, BROKEN)));
        assertEquals(502, r.statusCode(), mode + ": " + r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        JsonObject problem = json(r.body());
        assertEquals("zones", problem.getString("field"), r.body());
        assertTrue(problem.getString("detail").contains(BROKEN), r.body());
        assertTrue(problem.getString("detail").contains("nothing was imported"), r.body());
        assertTrue(primary.served() >= 1, mode + ": the primary was asked");
        assertEquals(404, send("GET", "zones/" + BROKEN + "/file", null).statusCode(), mode.name());
      }
    }
  }

  /** felu's zone holds exactly the file's records; its SOA all the file's fields. */
  private void assertSameZone(String file) throws Exception {
    String exported = ok(send("GET", "zones/" + ZONE + "/file", null)).body();
    Set<String> want = new TreeSet<>();
    Set<String> got = new TreeSet<>();
    SOARecord wantSoa = null;
    SOARecord gotSoa = null;
    for (Record r : records(file)) {
      if (r instanceof SOARecord s) {
        wantSoa = s;
      } else {
        want.add(r.toString());
      }
    }
    for (Record r : records(exported)) {
      if (r instanceof SOARecord s) {
        gotSoa = s;
      } else {
        got.add(r.toString());
      }
    }
    assertEquals(want, got, "the zone's records");
    assertEquals(wantSoa.getHost(), gotSoa.getHost(), "MNAME");
    assertEquals(wantSoa.getAdmin(), gotSoa.getAdmin(), "RNAME");
    assertEquals(wantSoa.getTTL(), gotSoa.getTTL(), "SOA TTL");
    assertEquals(wantSoa.getRefresh(), gotSoa.getRefresh(), "refresh");
    assertEquals(wantSoa.getRetry(), gotSoa.getRetry(), "retry");
    assertEquals(wantSoa.getExpire(), gotSoa.getExpire(), "expire");
    assertEquals(wantSoa.getMinimum(), gotSoa.getMinimum(), "minimum");
  }

  private static long soaOf(String zoneFile) throws Exception {
    return records(zoneFile).stream()
        .filter(r -> r instanceof SOARecord)
        .map(r -> ((SOARecord) r).getSerial())
        .findFirst()
        .orElseThrow();
  }

  private static List<Record> records(String zoneFile) throws Exception {
    return records(zoneFile, ZONE);
  }

  private static List<Record> records(String zoneFile, String zone) throws Exception {
    List<Record> out = new java.util.ArrayList<>();
    try (Master m =
        new Master(
            new ByteArrayInputStream(zoneFile.getBytes(StandardCharsets.UTF_8)),
            Name.fromString(zone))) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        out.add(r);
      }
    }
    return out;
  }
}
