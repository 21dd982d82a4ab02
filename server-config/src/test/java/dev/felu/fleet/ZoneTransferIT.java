package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zone transfers from a real fleet (one nameserver), as an operator sets them up: a TSIG key and a
 * zone made through the REST API, the key allowed on the zone, then {@code kdig} (Knot's client)
 * transfers the zone by AXFR and, after an edit, by IXFR from the old serial; no key, a wrong key
 * and a key of another zone learn nothing; a network rule admits an unsigned transfer; a real Knot
 * secondary configured with a key transfers a zone and serves it.
 */
class ZoneTransferIT {
  private static final String KDIG = "/usr/bin/kdig";
  private static Fleet fleet;
  private static String api;

  @BeforeAll
  static void startFleet() throws Exception {
    fleet = TestFleets.start("felu.fleet.xfr-it.home", "target/fleet-xfr-it", 1, null);
    api = fleet.options().managementUrl() + "/api/v1";
  }

  @AfterAll
  static void stopFleet() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void aKeyAllowedOnAZoneTransfersItByAxfrThenIxfrAndNothingElseDoes() throws Exception {
    assertEquals(
        201,
        Http.send(
                "POST",
                api + "/zones",
                ApiJson.zone(
                    "xfr.test.",
                    ApiJson.record(
                        "@",
                        "SOA",
                        3600,
                        "ns1.xfr.test. hostmaster.xfr.test. 10 3600 600 1209600 300"),
                    ApiJson.record("@", "NS", 3600, "ns1.xfr.test."),
                    ApiJson.record("www.xfr.test.", "A", 300, "192.0.2.10"),
                    ApiJson.record("mail.xfr.test.", "AAAA", 300, "2001:db8::25")))
            .statusCode());
    assertEquals(
        201,
        Http.send(
                "POST",
                api + "/zones",
                ApiJson.zone("other.test.", ApiJson.record("@", "NS", 3600, "ns1.other.test.")))
            .statusCode());
    String secret = key("xfr-key.", "xfr.test.");
    String otherSecret = key("other-key.", "other.test.");
    NameserverProcess ns = fleet.nameservers().get(0);

    // the key reaches the nameserver with the next revision: wait for a whole AXFR
    String tsig = "hmac-sha256:xfr-key.:" + secret;
    List<String> axfr =
        Await.until(
            "signed AXFR of xfr.test.",
            Duration.ofSeconds(20),
            () -> {
              List<String> lines = kdig(ns, tsig, "xfr.test.", "AXFR");
              return records(lines).size() >= 4 ? lines : null; // SOA, NS, A, AAAA
            });
    Set<String> transferred = records(axfr);
    Set<String> exported =
        records(List.of(Http.get(api + "/zones/xfr.test./file").body().split("\n")));
    // AXFR repeats the SOA at its end: compare as sets
    assertEquals(exported, transferred, String.join("\n", axfr));

    // no key, a wrong secret, a key of another zone: refused, and nothing of the zone
    for (String bad :
        new String[] {
          null, "hmac-sha256:xfr-key.:" + otherSecret, "hmac-sha256:other-key.:" + otherSecret
        }) {
      List<String> out = kdig(ns, bad, "xfr.test.", "AXFR");
      assertTrue(records(out).isEmpty(), bad + " learned:\n" + String.join("\n", out));
      String all = String.join("\n", out);
      assertTrue(
          all.contains("REFUSED")
              || all.contains("NOTAUTH")
              || all.contains("BADSIG")
              || all.contains("failed"),
          bad + ": " + all);
    }

    // an edit, then IXFR from the old serial: just the difference
    long before = serial(transferred);
    assertEquals(
        201,
        Http.send(
                "POST",
                api + "/zones/xfr.test./records",
                ApiJson.record("new.xfr.test.", "A", 300, "192.0.2.99").build().toString())
            .statusCode());
    List<String> ixfr =
        Await.until(
            "IXFR of xfr.test. from serial " + before,
            Duration.ofSeconds(20),
            () -> {
              List<String> lines = kdig(ns, tsig, "xfr.test.", "IXFR=" + before);
              return String.join("\n", lines).contains("192.0.2.99") ? lines : null;
            });
    List<String> changed = new ArrayList<>(records(ixfr));
    changed.removeIf(l -> l.split(" ")[3].equals("soa"));
    assertEquals(
        1, changed.size(), "only the new record besides SOAs:\n" + String.join("\n", ixfr));
    assertTrue(changed.get(0).contains("new.xfr.test."), changed.toString());

    // a network rule: an unsigned transfer from 127.0.0.1 only once it is set
    HttpResponse<String> bad =
        Http.send("PUT", api + "/zones/xfr.test./transfer", "{\"networks\":[\"300.1.2.3/8\"]}");
    assertEquals(400, bad.statusCode(), bad.body());
    assertTrue(bad.body().contains("networks"), bad.body());
    HttpResponse<String> set =
        Http.send("PUT", api + "/zones/xfr.test./transfer", "{\"networks\":[\"127.0.0.1/32\"]}");
    assertEquals(200, set.statusCode(), set.body());
    assertEquals(
        "127.0.0.1/32",
        ApiJson.object(Http.get(api + "/zones/xfr.test./transfer").body())
            .getJsonArray("networks")
            .getString(0));
    Await.until(
        "unsigned AXFR from 127.0.0.1",
        Duration.ofSeconds(20),
        () -> records(kdig(ns, null, "xfr.test.", "AXFR")).size() >= 5);
  }

  /**
   * A real Knot secondary (knotd on loopback, configured with the key) transfers a zone from the
   * felu nameserver and serves it.
   */
  @Test
  void aKnotSecondaryTransfersTheZoneWithTheKeyAndServesIt() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(KnotServer.KNOTD), "knotd is not installed");
    assertEquals(
        201,
        Http.send(
                "POST",
                api + "/zones",
                ApiJson.zone(
                    "secondary.test.",
                    ApiJson.record(
                        "@",
                        "SOA",
                        3600,
                        "ns1.secondary.test. hostmaster.secondary.test. 5 3600 600 1209600 300"),
                    ApiJson.record("@", "NS", 3600, "ns1.secondary.test."),
                    ApiJson.record("www.secondary.test.", "A", 300, "192.0.2.77")))
            .statusCode());
    String secret = key("knot-key.", "secondary.test.");
    NameserverProcess ns = fleet.nameservers().get(0);
    // the key is on the nameserver once a signed AXFR works
    Await.until(
        "signed AXFR of secondary.test.",
        Duration.ofSeconds(20),
        () ->
            records(kdig(ns, "hmac-sha256:knot-key.:" + secret, "secondary.test.", "AXFR")).size()
                >= 3);

    Path home = Path.of("target/knot-secondary");
    if (Files.exists(home)) {
      Processes.deleteTree(home);
    }
    Files.createDirectories(home);
    int port = KnotServer.freePort(27100);
    String conf =
        "server:\n"
            + "    rundir: \""
            + home.toAbsolutePath()
            + "\"\n"
            + "    listen: 127.0.0.1@"
            + port
            + "\n"
            + "log:\n  - target: stderr\n    any: info\n"
            + "database:\n    storage: \""
            + home.toAbsolutePath()
            + "\"\n"
            + "key:\n  - id: knot-key.\n    algorithm: hmac-sha256\n    secret: "
            + secret
            + "\n"
            + "remote:\n  - id: felu\n    address: 127.0.0.1@"
            + ns.dnsPort()
            + "\n    key: knot-key.\n"
            + "template:\n  - id: default\n    storage: \""
            + home.toAbsolutePath()
            + "\"\n    file: \"%s.zone\"\n"
            + "zone:\n  - domain: secondary.test.\n    master: felu\n";
    Path file = home.resolve("knot.conf");
    Files.writeString(file, conf);
    Process knot =
        new ProcessBuilder(KnotServer.KNOTD.toString(), "-c", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("knot.log").toFile())
            .start();
    try {
      List<String> served =
          Await.until(
              "knotd serving secondary.test. from felu (" + home.resolve("knot.log") + ")",
              Duration.ofSeconds(30),
              () -> {
                List<String> out = kdigAt(port, "www.secondary.test.", "A");
                return String.join("\n", out).contains("192.0.2.77") ? out : null;
              });
      assertTrue(
          String.join("\n", served).contains("Flags: qr aa"), "Knot answers authoritatively");
      assertTrue(
          Files.readString(home.resolve("knot.log")).contains("AXFR"), "Knot logged the AXFR");
    } finally {
      knot.destroy();
      if (!knot.waitFor(10, TimeUnit.SECONDS)) {
        knot.destroyForcibly();
      }
    }
  }

  private static List<String> kdigAt(int port, String name, String type)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(KDIG, "@127.0.0.1", "-p", "" + port, "+time=2", "+retry=0", name, type)
            .redirectErrorStream(true)
            .start();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("kdig did not finish");
    }
    return List.of(
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
  }

  /** Makes a TSIG key allowed on {@code zone}; returns its secret. */
  private static String key(String name, String zone) throws Exception {
    HttpResponse<String> made =
        Http.send(
            "POST",
            api + "/tsig-keys",
            Json.createObjectBuilder()
                .add("name", name)
                .add("algorithm", "hmac-sha256")
                .add("zones", Json.createArrayBuilder().add(zone))
                .build()
                .toString());
    assertEquals(201, made.statusCode(), made.body());
    JsonObject key = ApiJson.object(made.body());
    assertFalse(key.getString("secret").isEmpty());
    return key.getString("secret");
  }

  private static List<String> kdig(NameserverProcess ns, String tsig, String zone, String type)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(KDIG, "@127.0.0.1", "-p", "" + ns.dnsPort()));
    if (tsig != null) {
      cmd.add("-y");
      cmd.add(tsig);
    }
    cmd.addAll(List.of("+tcp", "+time=3", "+retry=0", zone, type));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(15, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("kdig did not finish");
    }
    return List.of(
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
  }

  /**
   * The records in kdig or zone-file text, normalised to "owner TTL class type data" with single
   * spaces, comments and directives left out.
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
      if (f[3].equalsIgnoreCase("AAAA")) {
        // one text form for both sides (kdig compresses, the export may not)
        try {
          f[4] = java.net.InetAddress.getByName(f[4]).getHostAddress();
        } catch (java.net.UnknownHostException e) {
          throw new IllegalStateException(e);
        }
      }
      out.add(String.join(" ", f).toLowerCase(java.util.Locale.ROOT));
    }
    return out;
  }

  private static long serial(Set<String> records) {
    for (String r : records) {
      String[] f = r.split(" ");
      if (f[3].equals("soa")) {
        return Long.parseLong(f[6]);
      }
    }
    throw new AssertionError("no SOA in " + records);
  }
}
