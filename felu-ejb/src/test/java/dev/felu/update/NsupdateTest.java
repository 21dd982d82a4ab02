package dev.felu.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.felu.protocol.Message.PolicyKey;
import dev.felu.update.UpdateProcessor.Outcome;
import dev.felu.update.UpdateProcessor.Permission;
import dev.felu.update.UpdateRequests.UpdateResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/**
 * The UPDATE endpoint's sockets, TSIG and RFC 2136 processing driven by the real client, {@code
 * nsupdate} (bind9-dnsutils), over UDP and TCP, against an in-memory zone ({@link UpdateRequests}
 * with the {@link UpdateProcessor}, the database aside) — and the same script sequence against
 * BIND's {@code named} as the primary of the same zone with the same keys and an equivalent {@code
 * update-policy}: each step must get the same rcode from both, and both zones must end with the
 * same records (the SOA aside). Skipped where nsupdate is not installed.
 */
class NsupdateTest {
  static final Name ZONE = Name.fromConstantString("example.test.");
  static final String ALL_KEY = "all.example.";
  static final String ACME_KEY = "acme.example.";
  static final String ALL_SECRET = secret(1);
  static final String ACME_SECRET = secret(2);
  static final String ZONE_FILE =
      """
      $TTL 300
      @ 3600 IN SOA ns1 hostmaster 10 3600 600 1209600 300
      @ IN NS ns1
      ns1 IN A 192.0.2.53
      www IN A 192.0.2.1
      www IN A 192.0.2.2
      www IN TXT "hello"
      alias IN CNAME www
      """;

  /**
   * The keys' policies as felu stores them, equivalent to named.conf's {@code update-policy} below
   * for the names the steps use: BIND's {@code zonesub ANY} (every type, SOA and NS included) and
   * {@code subdomain _acme-challenge.example.test. TXT}.
   */
  static final UpdatePolicy ALL_POLICY =
      UpdatePolicy.of(
          List.of(
              new UpdateRule("example.test.", NameMatch.SUBTREE, "example.test.", Set.of()),
              new UpdateRule(
                  "example.test.", NameMatch.EXACT, "example.test.", Set.of("SOA", "NS"))));

  static final UpdatePolicy ACME_POLICY =
      UpdatePolicy.of(
          List.of(
              new UpdateRule(
                  "example.test.", NameMatch.PATTERN, "_acme-challenge.*", Set.of("TXT"))));

  static UpdateListener felu;
  static final List<Record> feluZone = new ArrayList<>();
  static Process named;
  static int namedPort;
  static Path home;

  static String secret(int seed) {
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (seed * 31 + i);
    }
    return Base64.getEncoder().encodeToString(b);
  }

  static boolean installed(String path) {
    return Files.isExecutable(Path.of(path));
  }

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(installed("/usr/bin/nsupdate"), "nsupdate is not installed");
    home = Files.createTempDirectory("nsupdate-test");
    Files.writeString(home.resolve("example.test.zone"), ZONE_FILE);
    try (Master m = new Master(home.resolve("example.test.zone").toString(), ZONE)) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        feluZone.add(r);
      }
    }
    UpdateTsig keys =
        UpdateTsig.of(
            List.of(
                new PolicyKey(
                    Name.fromConstantString(ALL_KEY),
                    TSIG.HMAC_SHA256,
                    Base64.getDecoder().decode(ALL_SECRET)),
                new PolicyKey(
                    Name.fromConstantString(ACME_KEY),
                    TSIG.HMAC_SHA256,
                    Base64.getDecoder().decode(ACME_SECRET))),
            Clock.systemUTC());
    UpdateRequests requests =
        new UpdateRequests(
            () -> keys, NsupdateTest::apply, KeyRateLimit.none(), new UpdateMetrics());
    felu =
        UpdateListener.start(
            new UpdateListener.Settings(
                InetAddress.getLoopbackAddress(), 0, 4, Duration.ofSeconds(5)),
            Executors.defaultThreadFactory(),
            requests::handle);
    if (installed("/usr/sbin/named")) {
      namedPort = freePort();
      startNamed();
    }
  }

  /** The in-memory zone's part of {@code DynamicUpdateService}: NOTAUTH, or the processor. */
  static synchronized UpdateResult apply(Message request, Name key, String from) {
    UpdateProcessor.ZoneSection section = UpdateProcessor.zoneOf(request);
    if (!section.ok()) {
      return new UpdateResult(section.rcode(), null, section.reason());
    }
    if (!section.zone().equals(ZONE)) {
      return new UpdateResult(Rcode.NOTAUTH, null, "no zone " + section.zone());
    }
    Permission p =
        (key.equals(Name.fromConstantString(ALL_KEY)) ? ALL_POLICY : ACME_POLICY)::allows;
    Outcome o = UpdateProcessor.process(request, ZONE, List.copyOf(feluZone), p);
    if (o.ok()) {
      o.removed().forEach(r -> feluZone.removeIf(z -> z == r));
      feluZone.addAll(o.added());
    }
    return new UpdateResult(o.rcode(), ZONE, o.reason());
  }

  static int freePort() throws IOException {
    for (int p = 27600; p < 27800; p++) {
      try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
        return p;
      } catch (IOException e) {
        // taken
      }
    }
    throw new IOException("no free port");
  }

  static void startNamed() throws Exception {
    Path dir = home.toAbsolutePath();
    Files.writeString(
        dir.resolve("named.conf"),
        "options {\n  directory \""
            + dir
            + "\";\n  pid-file \""
            + dir
            + "/named.pid\";\n  session-keyfile \""
            + dir
            + "/session.key\";\n  listen-on port "
            + namedPort
            + " { 127.0.0.1; };\n  listen-on-v6 { none; };\n  recursion no;\n"
            + "  allow-transfer { 127.0.0.1; };\n  notify no;\n  dnssec-validation no;\n};\n"
            + "controls { };\n"
            + "key \"all.example\" {\n  algorithm hmac-sha256;\n  secret \""
            + ALL_SECRET
            + "\";\n};\n"
            + "key \"acme.example\" {\n  algorithm hmac-sha256;\n  secret \""
            + ACME_SECRET
            + "\";\n};\n"
            + "zone \"example.test\" {\n  type primary;\n  file \""
            + dir
            + "/example.test.zone\";\n  update-policy {\n"
            + "    grant all.example zonesub ANY;\n"
            + "    grant acme.example subdomain _acme-challenge.example.test. TXT;\n  };\n};\n");
    named =
        new ProcessBuilder(
                "/usr/sbin/named", "-g", "-d", "1", "-c", dir.resolve("named.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("named.log").toFile())
            .start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < until) {
      if (Files.readString(dir.resolve("named.log")).contains("running")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "named did not start: " + Files.readString(dir.resolve("named.log")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (felu != null) {
      felu.close();
    }
    if (named != null) {
      named.destroy();
      named.waitFor(15, TimeUnit.SECONDS);
    }
  }

  /**
   * Runs one nsupdate script (the server line added) and returns the rcode it reports: NOERROR when
   * it succeeded, else what follows "update failed: ".
   */
  static String nsupdate(int port, String key, boolean tcp, String... lines) throws Exception {
    Path script = Files.createTempFile(home, "script", ".txt");
    StringBuilder s = new StringBuilder("server 127.0.0.1 " + port + "\n");
    for (String l : lines) {
      s.append(l).append('\n');
    }
    s.append("send\n");
    Files.writeString(script, s.toString());
    List<String> command = new ArrayList<>(List.of("/usr/bin/nsupdate", "-t", "5", "-u", "5"));
    if (tcp) {
      command.add("-v");
    }
    if (key != null && key.startsWith(KEY_FILE)) {
      // the key as a BIND key file (nsupdate -k), as an operator keeps it
      String[] parts = key.substring(KEY_FILE.length()).split(":", 3);
      Path file = Files.createTempFile(home, "key", ".conf");
      Files.writeString(
          file,
          "key \""
              + parts[1]
              + "\" {\n  algorithm "
              + parts[0]
              + ";\n  secret \""
              + parts[2]
              + "\";\n};\n");
      command.add("-k");
      command.add(file.toString());
    } else if (key != null) {
      command.add("-y");
      command.add(key);
    }
    command.add(script.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "TIMEOUT";
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int at = out.indexOf("update failed: ");
    if (at >= 0) {
      return out.substring(at + "update failed: ".length()).strip().split("\\s")[0];
    }
    return p.exitValue() == 0 ? "NOERROR" : "exit " + p.exitValue() + ": " + out.strip();
  }

  static final String ALL = "hmac-sha256:" + ALL_KEY + ":" + ALL_SECRET;
  static final String ACME = "hmac-sha256:" + ACME_KEY + ":" + ACME_SECRET;

  /** A key given to {@link #nsupdate} this way goes to nsupdate as a key file ({@code -k}). */
  static final String KEY_FILE = "file:";

  static final String ACME_FROM_FILE = KEY_FILE + ACME;

  /** One step: which key, UDP or TCP, the script, the rcode expected. */
  record Step(String what, String key, boolean tcp, String expected, String... lines) {}

  static final List<Step> STEPS =
      List.of(
          new Step(
              "add over UDP",
              ALL,
              false,
              "NOERROR",
              "zone example.test.",
              "update add new.example.test. 60 A 192.0.2.9"),
          new Step(
              "add over TCP",
              ALL,
              true,
              "NOERROR",
              "zone example.test.",
              "update add tcp.example.test. 60 TXT \"tcp\""),
          new Step(
              "RRset exists (value-independent), passing",
              ALL,
              false,
              "NOERROR",
              "zone example.test.",
              "prereq yxrrset www.example.test. A",
              "update add www2.example.test. 60 A 192.0.2.3"),
          new Step(
              "RRset exists (value-dependent), part of the RRset",
              ALL,
              false,
              "NXRRSET",
              "zone example.test.",
              "prereq yxrrset www.example.test. A 192.0.2.1",
              "update add www3.example.test. 60 A 192.0.2.3"),
          new Step(
              "RRset exists (value-dependent), the whole RRset",
              ALL,
              true,
              "NOERROR",
              "zone example.test.",
              "prereq yxrrset www.example.test. A 192.0.2.1",
              "prereq yxrrset www.example.test. A 192.0.2.2",
              "update add www4.example.test. 60 A 192.0.2.4"),
          new Step(
              "RRset exists (value-independent), failing",
              ALL,
              false,
              "NXRRSET",
              "zone example.test.",
              "prereq yxrrset www.example.test. MX",
              "update add www5.example.test. 60 A 192.0.2.5"),
          new Step(
              "RRset does not exist, failing",
              ALL,
              false,
              "YXRRSET",
              "zone example.test.",
              "prereq nxrrset www.example.test. A",
              "update add www6.example.test. 60 A 192.0.2.6"),
          new Step(
              "RRset does not exist, passing",
              ALL,
              false,
              "NOERROR",
              "zone example.test.",
              "prereq nxrrset www.example.test. MX",
              "update add www.example.test. 60 MX 10 ns1.example.test."),
          new Step(
              "name is in use, failing",
              ALL,
              false,
              "NXDOMAIN",
              "zone example.test.",
              "prereq yxdomain nothing.example.test.",
              "update add nothing.example.test. 60 A 192.0.2.7"),
          new Step(
              "name is in use, passing",
              ALL,
              false,
              "NOERROR",
              "zone example.test.",
              "prereq yxdomain alias.example.test.",
              "update add alias2.example.test. 60 CNAME www.example.test."),
          new Step(
              "name is not in use, failing",
              ALL,
              false,
              "YXDOMAIN",
              "zone example.test.",
              "prereq nxdomain www.example.test.",
              "update add www.example.test. 60 A 192.0.2.8"),
          new Step(
              "name is not in use, passing",
              ALL,
              true,
              "NOERROR",
              "zone example.test.",
              "prereq nxdomain free.example.test.",
              "update add free.example.test. 60 A 192.0.2.10"),
          new Step(
              "delete one RR",
              ALL,
              false,
              "NOERROR",
              "zone example.test.",
              "update delete www.example.test. A 192.0.2.2"),
          new Step(
              "delete an RRset",
              ALL,
              false,
              "NOERROR",
              "zone example.test.",
              "update delete www.example.test. TXT"),
          new Step(
              "delete all RRsets of a name",
              ALL,
              true,
              "NOERROR",
              "zone example.test.",
              "update delete new.example.test."),
          new Step(
              "a CNAME beside other data and the apex's NS and SOA deleted are ignored",
              ALL,
              false,
              "NOERROR",
              "zone example.test.",
              "update add www.example.test. 60 CNAME elsewhere.example.test.",
              "update delete example.test. NS",
              "update delete example.test. SOA"),
          new Step(
              "an update outside the zone",
              ALL,
              false,
              "NOTZONE",
              "zone example.test.",
              "update add x.example.org. 60 A 192.0.2.11"),
          new Step(
              "a zone not served",
              ALL,
              false,
              "NOTAUTH",
              "zone other.test.",
              "update add x.other.test. 60 A 192.0.2.12"),
          new Step(
              "a name inside the zone that is not its apex",
              ALL,
              false,
              "NOTAUTH",
              "zone www.example.test.",
              "update add x.www.example.test. 60 A 192.0.2.13"),
          new Step(
              "unsigned",
              null,
              false,
              "REFUSED",
              "zone example.test.",
              "update add unsigned.example.test. 60 A 192.0.2.14"),
          new Step(
              "an unknown key",
              "hmac-sha256:nobody.example.:" + secret(3),
              false,
              "NOTAUTH(BADKEY)",
              "zone example.test.",
              "update add nobody.example.test. 60 A 192.0.2.15"),
          new Step(
              "a wrong secret",
              "hmac-sha256:" + ALL_KEY + ":" + secret(4),
              true,
              "NOTAUTH(BADSIG)",
              "zone example.test.",
              "update add wrong.example.test. 60 A 192.0.2.16"),
          new Step(
              "the ACME key inside its policy",
              ACME,
              false,
              "NOERROR",
              "zone example.test.",
              "update add _acme-challenge.example.test. 60 TXT \"token\""),
          new Step(
              "the ACME key outside its policy (another type)",
              ACME,
              false,
              "REFUSED",
              "zone example.test.",
              "update add _acme-challenge.example.test. 60 CNAME elsewhere.example.test."),
          new Step(
              "the ACME key outside its policy (another name)",
              ACME,
              false,
              "REFUSED",
              "zone example.test.",
              "update add www.example.test. 60 TXT \"no\""),
          new Step(
              "the ACME key removes its challenge",
              ACME,
              true,
              "NOERROR",
              "zone example.test.",
              "update delete _acme-challenge.example.test. TXT"),
          new Step(
              "the ACME key adds a challenge again",
              ACME,
              false,
              "NOERROR",
              "zone example.test.",
              "update add _acme-challenge.example.test. 60 TXT \"again\""),
          new Step(
              "the ACME key deletes every RRset of its name (each type allowed)",
              ACME,
              false,
              "NOERROR",
              "zone example.test.",
              "update delete _acme-challenge.example.test."),
          new Step(
              "the ACME key deletes every RRset of another name",
              ACME,
              true,
              "REFUSED",
              "zone example.test.",
              "update delete www.example.test."),
          new Step(
              "the ACME key from a key file (nsupdate -k) adds its challenge",
              ACME_FROM_FILE,
              false,
              "NOERROR",
              "zone example.test.",
              "update add _acme-challenge.example.test. 60 TXT \"from-file\""),
          new Step(
              "the ACME key from a key file adds outside its policy",
              ACME_FROM_FILE,
              true,
              "REFUSED",
              "zone example.test.",
              "update add www.example.test. 60 TXT \"not-mine\""),
          new Step(
              "the ACME key from a key file removes its challenge",
              ACME_FROM_FILE,
              true,
              "NOERROR",
              "zone example.test.",
              "update delete _acme-challenge.example.test. TXT"));

  @Test
  void eachStepGetsTheRcodeBindGivesAndTheZonesEndTheSame() throws Exception {
    List<String> mismatches = new ArrayList<>();
    for (Step step : STEPS) {
      String got = nsupdate(felu.port(), step.key(), step.tcp(), step.lines());
      if (!got.equals(step.expected())) {
        mismatches.add(step.what() + ": felu " + got + ", expected " + step.expected());
      }
      if (named != null) {
        String bind = nsupdate(namedPort, step.key(), step.tcp(), step.lines());
        if (!bind.equals(got)) {
          mismatches.add(step.what() + ": felu " + got + ", BIND " + bind);
        }
      }
    }
    assertEquals(List.of(), mismatches);
    TreeSet<String> ours = records(feluZone);
    assertTrue(ours.contains("www.example.test. 300 a 192.0.2.1"), ours.toString());
    assertTrue(!ours.contains("new.example.test. 60 a 192.0.2.9"), ours.toString());
    if (named != null) {
      ZoneTransferIn axfr = ZoneTransferIn.newAXFR(ZONE, "127.0.0.1", namedPort, null);
      axfr.setTimeout(Duration.ofSeconds(10));
      axfr.run();
      assertEquals(records(axfr.getAXFR()), ours);
    }
  }

  /** The records as comparable lines, lower case, the SOA aside. */
  static TreeSet<String> records(List<Record> records) {
    TreeSet<String> lines = new TreeSet<>(Comparator.naturalOrder());
    for (Record r : records) {
      if (r.getType() != Type.SOA && r.getDClass() == DClass.IN) {
        lines.add(
            (r.getName()
                    + " "
                    + r.getTTL()
                    + " "
                    + Type.string(r.getType())
                    + " "
                    + r.rdataToString())
                .toLowerCase(Locale.ROOT));
      }
    }
    return lines;
  }
}
