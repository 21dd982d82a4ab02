package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Zone transfers from a real fleet (one nameserver), as an operator sets them up: a TSIG key and a
 * zone made through the REST API, the key allowed on the zone, then {@code kdig} (Knot's client)
 * transfers the zone by AXFR and, after an edit, by IXFR from the old serial; no key, a wrong key
 * and a key of another zone learn nothing; a network rule admits an unsigned transfer; real Knot,
 * BIND and NSD secondaries configured with a key transfer a zone and follow its edits by NOTIFY.
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
    // a network that is not the client's admits nothing: still refused once the rule is served
    HttpResponse<String> elsewhere =
        Http.send("PUT", api + "/zones/xfr.test./transfer", "{\"networks\":[\"192.0.2.0/24\"]}");
    assertEquals(200, elsewhere.statusCode(), elsewhere.body());
    long head =
        ApiJson.object(Http.get(api + "/config").body()).getJsonNumber("revision").longValue();
    Await.until(
        "the 192.0.2.0/24 rule served",
        Duration.ofSeconds(20),
        () ->
            PrometheusText.scrape("http://" + FleetOptions.HOST + ":" + ns.httpPort() + "/metrics")
                    .valueOrZero("felu_ns_config_revision")
                >= head);
    List<String> outside = kdig(ns, null, "xfr.test.", "AXFR");
    assertTrue(records(outside).isEmpty(), String.join("\n", outside));
    assertTrue(String.join("\n", outside).contains("REFUSED"), String.join("\n", outside));
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
   * A real secondary — Knot, BIND and NSD, each from its Debian package, configured as README shows
   * — of a felu zone, with a TSIG key allowed on the zone and the secondary set up to be notified:
   * it transfers the zone (its AXFR equals felu's), and after an edit in felu serves the new serial
   * because the nameserver's NOTIFY told it so (the zone's refresh is an hour, so nothing else
   * would), fetched by IXFR (Knot's and BIND's logs say so; NSD asks IXFR first by default). The
   * time from the edit's answer to the secondary serving it is printed; the benchmark reports it
   * over many edits.
   */
  @ParameterizedTest
  @EnumSource(SecondaryServer.Kind.class)
  void aSecondaryTransfersTheZoneThenFollowsEditsByNotifyAndIxfr(SecondaryServer.Kind kind)
      throws Exception {
    Assumptions.assumeTrue(kind.installed(), kind.binary + " is not installed");
    String zone = kind.name().toLowerCase(java.util.Locale.ROOT) + ".secondary.test.";
    assertEquals(
        201,
        Http.send(
                "POST",
                api + "/zones",
                ApiJson.zone(
                    zone,
                    ApiJson.record(
                        "@",
                        "SOA",
                        3600,
                        "ns1." + zone + " hostmaster." + zone + " 5 3600 600 1209600 300"),
                    ApiJson.record("@", "NS", 3600, "ns1." + zone),
                    ApiJson.record("www." + zone, "A", 300, "192.0.2.77"),
                    ApiJson.record("www." + zone, "AAAA", 300, "2001:db8::77")))
            .statusCode());
    String keyName = kind.name().toLowerCase(java.util.Locale.ROOT) + "-key.";
    String secret = key(keyName, zone);
    String tsig = "hmac-sha256:" + keyName + ":" + secret;
    NameserverProcess ns = fleet.nameservers().get(0);
    Await.until(
        "signed AXFR of " + zone,
        Duration.ofSeconds(20),
        () -> records(kdig(ns, tsig, zone, "AXFR")).size() >= 4);

    try (SecondaryServer secondary =
        SecondaryServer.start(
            kind, Path.of("target/secondary-" + kind), zone, ns.dnsPort(), keyName, secret)) {
      HttpResponse<String> notify =
          Http.send(
              "PUT",
              api + "/zones/" + zone + "/notify",
              "{\"secondaries\":[{\"address\":\"127.0.0.1\",\"port\":"
                  + secondary.port
                  + ",\"key\":\""
                  + keyName
                  + "\"}]}");
      assertEquals(200, notify.statusCode(), notify.body());

      Await.until(
          kind + " serving " + zone + " from felu (" + secondary.home + "/server.log)",
          Duration.ofSeconds(30),
          () ->
              String.join("\n", kdigAt(secondary.port, "www." + zone, "A")).contains("192.0.2.77"));
      Set<String> felu = records(kdig(ns, tsig, zone, "AXFR"));
      Set<String> copy = records(kdigAxfrAt(secondary.port, zone));
      assertEquals(felu, copy, kind + "'s copy of the zone");

      long before = serial(copy);
      assertEquals(
          201,
          Http.send(
                  "POST",
                  api + "/zones/" + zone + "/records",
                  ApiJson.record("new." + zone, "A", 300, "192.0.2.99").build().toString())
              .statusCode());
      long edited = System.nanoTime();
      Await.until(
          kind + " serving the edit (" + secondary.home + "/server.log)",
          Duration.ofSeconds(10),
          () ->
              String.join("\n", kdigAt(secondary.port, "new." + zone, "A")).contains("192.0.2.99"));
      System.out.printf(
          "%s served the edit %d ms after felu acknowledged it%n",
          kind, (System.nanoTime() - edited) / 1_000_000);
      assertTrue(serial(records(kdigAxfrAt(secondary.port, zone))) > before, "a new serial");
      String log = secondary.log();
      switch (kind) {
        case KNOT -> assertTrue(log.contains("IXFR, incoming"), log);
        case BIND -> assertTrue(log.contains("requesting IXFR"), log);
        case NSD -> assertTrue(log.contains("notify for " + zone), log);
      }
      assertTrue(secondary.alive(), kind + " still running");
    }
  }

  /**
   * A client opens 100 transfers of a zone too big for the socket buffers and reads none of them:
   * the nameserver goes on answering every query over UDP and TCP meanwhile, streams no more than
   * its limit at once and refuses transfers above it, and once the connections close transfers work
   * again.
   */
  @Test
  void aHundredTransfersThatReadNothingDoNotStopTheNameserver() throws Exception {
    String zone = "stalled.xfr.test.";
    assertEquals(
        201,
        Http.send(
                "POST",
                api + "/zones",
                ApiJson.zone(zone, ApiJson.record("@", "NS", 3600, "ns1." + zone)))
            .statusCode());
    StringBuilder file = new StringBuilder();
    file.append("$ORIGIN ").append(zone).append("\n@ 3600 IN NS ns1\n");
    int records = 40_000;
    for (int i = 0; i < records; i++) {
      file.append("host-")
          .append(i)
          .append(" 300 IN TXT \"padding to make the transfer larger than any socket buffer ")
          .append(i)
          .append("\"\n");
    }
    HttpResponse<String> imported =
        Http.send("PUT", api + "/zones/" + zone + "/file", file.toString());
    assertEquals(200, imported.statusCode(), imported.body());
    assertEquals(
        200,
        Http.send("PUT", api + "/zones/" + zone + "/transfer", "{\"networks\":[\"127.0.0.1/32\"]}")
            .statusCode());
    NameserverProcess ns = fleet.nameservers().get(0);
    Name last = Name.fromString("host-" + (records - 1) + "." + zone);
    Await.until(
        "the big zone served",
        Duration.ofSeconds(60),
        () -> query(ns, last, Type.TXT, false) == Rcode.NOERROR);
    String metrics = "http://" + FleetOptions.HOST + ":" + ns.httpPort() + "/metrics";
    double refusedBefore =
        PrometheusText.scrape(metrics)
            .valueOrZero("felu_ns_xfr_requests_total", "result", "refused");

    List<java.net.Socket> stalled = new ArrayList<>();
    try {
      org.xbill.DNS.Message axfr =
          org.xbill.DNS.Message.newQuery(
              org.xbill.DNS.Record.newRecord(Name.fromString(zone), Type.AXFR, DClass.IN));
      byte[] wire = axfr.toWire();
      for (int i = 0; i < 100; i++) {
        java.net.Socket socket = new java.net.Socket(FleetOptions.HOST, ns.dnsPort());
        stalled.add(socket);
        java.io.OutputStream out = socket.getOutputStream();
        out.write(new byte[] {(byte) (wire.length >> 8), (byte) wire.length});
        out.write(wire);
        out.flush(); // and never read
      }
      // meanwhile every query is answered, over UDP and TCP
      for (int i = 0; i < 200; i++) {
        Name name = Name.fromString("host-" + (i * 197 % records) + "." + zone);
        assertEquals(Rcode.NOERROR, query(ns, name, Type.TXT, i % 10 == 0), "query " + i);
      }
      // the limit holds (16 streaming at once), and the requests above it were refused; the rest
      // of the 100 the listener closed as the longest idle for newcomers (64 connections at most)
      PrometheusText during = PrometheusText.scrape(metrics);
      assertTrue(
          during.valueOrZero("felu_ns_xfr_active") <= 16,
          "transfers streaming: " + during.valueOrZero("felu_ns_xfr_active"));
      assertTrue(
          during.valueOrZero("felu_ns_xfr_requests_total", "result", "refused") > refusedBefore,
          "no transfer refused above the limit");
    } finally {
      for (java.net.Socket socket : stalled) {
        socket.close();
      }
    }
    // the permits come back with the connections: a whole transfer works again
    String[] outcome = {"no attempt"};
    try {
      Await.until(
          "a whole AXFR after the stalled ones",
          Duration.ofSeconds(40),
          () -> {
            org.xbill.DNS.ZoneTransferIn x =
                org.xbill.DNS.ZoneTransferIn.newAXFR(
                    Name.fromString(zone),
                    new java.net.InetSocketAddress(FleetOptions.HOST, ns.dnsPort()),
                    null);
            x.setTimeout(Duration.ofSeconds(10));
            try {
              x.run();
            } catch (org.xbill.DNS.ZoneTransferException | IOException e) {
              outcome[0] = e.toString();
              return false;
            }
            long txt = x.getAXFR().stream().filter(r -> r.getType() == Type.TXT).count();
            outcome[0] = x.getAXFR().size() + " records, " + txt + " TXT";
            return txt == records;
          });
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e.getMessage() + "; last attempt: " + outcome[0], e);
    }
  }

  private static int query(NameserverProcess ns, Name name, int type, boolean tcp) {
    try {
      SimpleResolver r = new SimpleResolver(FleetOptions.HOST);
      r.setPort(ns.dnsPort());
      r.setTCP(tcp);
      r.setTimeout(Duration.ofSeconds(2));
      return r.send(
              org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(name, type, DClass.IN)))
          .getRcode();
    } catch (IOException e) {
      return -1;
    }
  }

  private static List<String> kdigAxfrAt(int port, String zone)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(KDIG, "@127.0.0.1", "-p", "" + port, "+time=3", "+retry=0", zone, "AXFR")
            .redirectErrorStream(true)
            .start();
    if (!p.waitFor(15, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("kdig did not finish");
    }
    return List.of(
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
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
    return TsigKeysApi.make(api, name, zone);
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
