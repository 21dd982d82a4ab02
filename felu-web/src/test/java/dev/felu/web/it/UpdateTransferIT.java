package dev.felu.web.it;

import static dev.felu.web.it.HttpApi.basic;
import static dev.felu.web.it.HttpApi.body;
import static dev.felu.web.it.HttpApi.json;
import static dev.felu.web.it.HttpApi.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What external-dns's {@code rfc2136} provider does with one host, done with the Debian tools: a
 * key made and given the smallest update policy (a subtree, A/AAAA/TXT/CNAME) and the zone among
 * its transfer zones through REST, as docs/dynamic-updates.md shows; {@code nsupdate} writes an A
 * record and its TXT ownership record through the UPDATE endpoint; {@code kdig} transfers the zone
 * by AXFR from the same endpoint, signed, and gets exactly the zone's records as REST exports them
 * (an IXFR gets the whole zone too). No key, a wrong secret, and a key that may update the zone but
 * is not in its transfer policy are each refused and learn no record; a network rule of the zone's
 * transfer policy admits that key from 127.0.0.1, never an unsigned request.
 */
@ExtendWith(ArquillianExtension.class)
class UpdateTransferIT {
  private static final String RUN = Long.toHexString(System.nanoTime());
  private static final String ZONE = "xfr-" + RUN + ".test.";
  private static final String KEY = "external-dns-" + RUN + ".example.";
  private static final String UPDATER = "updater-" + RUN + ".example.";
  private static final String KDIG = "/usr/bin/kdig";
  private static final String NSUPDATE = "/usr/bin/nsupdate";

  @Deployment(testable = false)
  static WebArchive deployment() throws Exception {
    return Deployments.services();
  }

  @ArquillianResource URL base;

  private final String admin = basic("admin", System.getProperty("felu.test.admin.password"));
  private final int port = Integer.getInteger("felu.test.update.port");

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return new HttpApi(base).send(admin, method, "api/v1/" + path, body);
  }

  /** Makes a key, its transfer zones and its update policy; returns its secret. */
  private String key(String name, List<String> zones) throws Exception {
    HttpResponse<String> made =
        send("POST", "tsig-keys", body(Map.of("name", name, "zones", zones)));
    assertEquals(201, made.statusCode(), made.body());
    ok(
        send(
            "PUT",
            "tsig-keys/" + name + "/update-policy",
            "{\"rules\": [{\"zone\": \""
                + ZONE
                + "\", \"match\": \"subtree\", \"name\": \"k8s."
                + ZONE
                + "\", \"types\": [\"A\", \"AAAA\", \"TXT\", \"CNAME\"]}]}"));
    return json(made.body()).getString("secret");
  }

  @Test
  void externalDnsWritesByUpdateAndListsTheZoneByAxfrFromTheSameHost() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(KDIG)), "kdig (knot-dnsutils) is missing");
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of(NSUPDATE)), "nsupdate (bind9-dnsutils) is missing");
    ok(send("POST", "zones", body(Map.of("name", ZONE))));
    String secret = key(KEY, List.of(ZONE));
    String updaterSecret = key(UPDATER, List.of());

    String script =
        "server 127.0.0.1 "
            + port
            + "\nzone "
            + ZONE
            + "\nupdate add web.k8s."
            + ZONE
            + " 300 A 192.0.2.80\nupdate add a-web.k8s."
            + ZONE
            + " 300 TXT \"heritage=external-dns,external-dns/owner=k8s\"\nsend\n";
    List<String> nsupdate =
        run(List.of(NSUPDATE, "-v", "-y", "hmac-sha256:" + KEY + ":" + secret), script);
    String zoneFile = ok(send("GET", "zones/" + ZONE + "/file", null)).body();
    assertTrue(zoneFile.contains("192.0.2.80"), nsupdate + "\n" + zoneFile);

    Set<String> exported = records(List.of(zoneFile.split("\n")));
    List<String> axfr = kdig("hmac-sha256:" + KEY + ":" + secret, "AXFR");
    assertEquals(exported, records(axfr), String.join("\n", axfr));
    assertEquals(2, soaLines(axfr), "SOA first and last:\n" + String.join("\n", axfr));
    List<String> ixfr = kdig("hmac-sha256:" + KEY + ":" + secret, "IXFR=1");
    assertEquals(exported, records(ixfr), String.join("\n", ixfr));

    byte[] wrong = java.util.Base64.getDecoder().decode(secret);
    wrong[0] ^= 1;
    String[][] refused = {
      {null, "'REFUSED'"},
      {
        "hmac-sha256:" + KEY + ":" + java.util.Base64.getEncoder().encodeToString(wrong), "'BADSIG'"
      },
      // may update the zone, is not in its transfer policy
      {"hmac-sha256:" + UPDATER + ":" + updaterSecret, "'REFUSED'"},
    };
    for (String[] c : refused) {
      List<String> out = kdig(c[0], "AXFR");
      String all = String.join("\n", out);
      assertTrue(records(out).isEmpty(), c[0] + " learned:\n" + all);
      // kdig: "server replied with error 'REFUSED'" (or 'BADSIG', the TSIG error of NOTAUTH)
      assertTrue(all.contains(c[1]), c[0] + ": " + all);
      System.out.println(all); // what an operator sees, in the failsafe report
    }

    // a network rule of the zone's transfer policy admits any verified key from there
    ok(send("PUT", "zones/" + ZONE + "/transfer", "{\"networks\": [\"127.0.0.1/32\"]}"));
    assertEquals(exported, records(kdig("hmac-sha256:" + UPDATER + ":" + updaterSecret, "AXFR")));
    List<String> unsigned = kdig(null, "AXFR");
    assertTrue(records(unsigned).isEmpty(), String.join("\n", unsigned));
    assertTrue(String.join("\n", unsigned).contains("'REFUSED'"), String.join("\n", unsigned));
  }

  /**
   * A zone of 3,000 records comes in several messages, each signed: kdig checks the TSIG of every
   * one (RFC 8945 §5.3.1) and gets the zone exactly as REST exports it.
   */
  @Test
  void aBigZoneComesInSeveralSignedMessages() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(KDIG)), "kdig (knot-dnsutils) is missing");
    String big = "big-" + RUN + ".test.";
    String key = "big-" + KEY;
    ok(send("POST", "zones", body(Map.of("name", big))));
    StringBuilder file = new StringBuilder("$ORIGIN " + big + "\n");
    file.append("@ 3600 IN SOA ns1.").append(big).append(" hostmaster.").append(big);
    file.append(" 7 3600 600 1209600 300\n");
    for (int i = 0; i < 3000; i++) {
      file.append("host-").append(i).append(".k8s 300 IN A 10.0.").append(i / 250).append('.');
      file.append(i % 250 + 1).append('\n');
    }
    ok(
        new HttpApi(base)
            .send(admin, "PUT", "api/v1/zones/" + big + "/file", file.toString(), "text/dns"));
    HttpResponse<String> made =
        send("POST", "tsig-keys", body(Map.of("name", key, "zones", List.of(big))));
    assertEquals(201, made.statusCode(), made.body());
    String secret = json(made.body()).getString("secret");

    List<String> axfr = kdig("hmac-sha256:" + key + ":" + secret, big, "AXFR");
    Set<String> exported =
        records(List.of(ok(send("GET", "zones/" + big + "/file", null)).body().split("\n")));
    assertEquals(3001, exported.size());
    assertEquals(exported, records(axfr));
    // ";; Received 123456 B (3 messages, 3002 records)"
    String received =
        axfr.stream().filter(l -> l.startsWith(";; Received")).findFirst().orElseThrow();
    int messages = Integer.parseInt(received.replaceAll(".*\\((\\d+) messages.*", "$1"));
    assertTrue(messages > 1, received);
    System.out.println(received); // in the failsafe report
  }

  private List<String> kdig(String tsig, String type) throws Exception {
    return kdig(tsig, ZONE, type);
  }

  private List<String> kdig(String tsig, String zone, String type) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(KDIG, "@127.0.0.1", "-p", "" + port));
    if (tsig != null) {
      cmd.add("-y");
      cmd.add(tsig);
    }
    cmd.addAll(List.of("+tcp", "+time=5", "+retry=0", zone, type));
    return run(cmd, null);
  }

  private static List<String> run(List<String> cmd, String input)
      throws IOException, InterruptedException {
    // output to a file: a big zone's AXFR is more than a pipe holds while we wait
    Path out = Files.createTempFile("update-transfer-it", ".txt");
    try {
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      try (var in = p.getOutputStream()) {
        if (input != null) {
          in.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(cmd.get(0) + " did not finish: " + Files.readString(out));
      }
      return List.of(Files.readString(out, StandardCharsets.UTF_8).split("\n"));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static long soaLines(List<String> lines) {
    return lines.stream()
        .filter(l -> l.split("\\s+").length > 3 && l.split("\\s+")[3].equals("SOA"))
        .count();
  }

  /**
   * The records in kdig or zone-file text as "owner TTL class type data", single spaces, lower
   * case, comments and directives left out (as server-config's {@code ZoneTransferIT} compares).
   */
  static Set<String> records(List<String> lines) {
    Set<String> out = new TreeSet<>();
    for (String line : lines) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith(";") || l.startsWith("$")) {
        continue;
      }
      String[] f = l.split("\\s+");
      if (f.length < 5 || !f[2].equals("IN")) {
        continue;
      }
      out.add(String.join(" ", f).toLowerCase(Locale.ROOT));
    }
    return out;
  }
}
