package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * ACME DNS-01 end to end (issue 15): real ACME clients from Debian's packages obtain certificates
 * from pebble (Let's Encrypt's test CA) for names in a felu zone, writing their challenge TXT
 * records through the management server's RFC 2136 UPDATE endpoint with a TSIG key whose update
 * policy is the one-line certbot policy ({@code _acme-challenge.*} TXT in the zone). Pebble
 * validates by asking the felu nameserver ({@code -dnsserver}), so a certificate proves the update
 * was committed and served. Afterwards the challenge records are gone again (REST and the
 * nameserver), and the audit log names {@code tsig:<key>} for each change.
 *
 * <p>Everything listens on loopback at free ports; every process has a deadline and is stopped in
 * {@code finally}/{@link AfterAll}. Skipped, naming the package, when a binary is missing. Both
 * clients first find the zone by asking the UPDATE endpoint for SOAs (certbot signed, over TCP then
 * UDP, wanting AA; lego over UDP), which the endpoint answers from felu's zones.
 */
class AcmeIT {
  private static final String ZONE = "acme.test.";
  private static final String KEY = "acme-key.";
  private static final Path PEBBLE = Path.of("/usr/bin/pebble");
  private static final Path OPENSSL = Path.of("/usr/bin/openssl");
  private static final Path CERTBOT = Path.of("/usr/bin/certbot");
  private static final Path CERTBOT_RFC2136 =
      Path.of("/usr/lib/python3/dist-packages/certbot_dns_rfc2136");
  private static final Path LEGO = Path.of("/usr/bin/lego");
  private static final Duration CLIENT_DEADLINE = Duration.ofMinutes(3);

  private static Fleet fleet;
  private static Process pebble;
  private static Path work;
  private static Path caCert;
  private static String api;
  private static String directory;
  private static int updatePort;
  private static int dnsPort;
  private static String secret;

  /** Where the clients send their SOA queries and updates: the UPDATE endpoint. */
  private static int clientPort;

  @BeforeAll
  static void startFleetAndPebble() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PEBBLE), "package pebble is not installed");
    Assumptions.assumeTrue(Files.isExecutable(OPENSSL), "package openssl is not installed");
    work = Path.of(System.getProperty("felu.acme-it.work", "target/acme-it")).toAbsolutePath();
    if (Files.exists(work)) {
      Processes.deleteTree(work);
    }
    Files.createDirectories(work);

    updatePort = FreePorts.consecutive(1);
    fleet =
        TestFleets.start("felu.fleet.acme-it.home", "target/fleet-acme-it", 1, null, updatePort);
    api = fleet.options().managementUrl() + "/api/v1";
    dnsPort = fleet.nameservers().get(0).dnsPort();
    created(
        Http.send(
            "POST",
            api + "/zones",
            ApiJson.zone(
                ZONE,
                ApiJson.record(
                    "@", "SOA", 3600, "ns1.acme.test. hostmaster.acme.test. 1 3600 600 1209600 60"),
                ApiJson.record("@", "NS", 3600, "ns1.acme.test."),
                ApiJson.record("www.acme.test.", "A", 300, "192.0.2.10"),
                ApiJson.record("api.acme.test.", "A", 300, "192.0.2.11"))));
    secret = TsigKeysApi.make(api, KEY, ZONE);
    // the one-line certbot policy: _acme-challenge TXT records of the zone, nothing else
    TsigKeysApi.allowUpdates(api, KEY, ZONE, "pattern", "_acme-challenge.*", "TXT");

    clientPort = updatePort;
    startPebble();
  }

  @AfterAll
  static void stopAll() throws Exception {
    try {
      if (pebble != null) {
        stop(pebble);
      }
    } finally {
      if (fleet != null) {
        fleet.close();
      }
    }
  }

  @Test
  void certbotObtainsACertificateThroughTheUpdateEndpoint() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CERTBOT), "package certbot is not installed");
    Assumptions.assumeTrue(
        Files.isDirectory(CERTBOT_RFC2136), "package python3-certbot-dns-rfc2136 is not installed");
    String domain = "www.acme.test";
    Path dir = Files.createDirectories(work.resolve("certbot"));
    Path ini = dir.resolve("rfc2136.ini");
    Files.createFile(
        ini, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        ini,
        String.join(
            "\n",
            "dns_rfc2136_server = 127.0.0.1",
            "dns_rfc2136_port = " + clientPort,
            "dns_rfc2136_name = " + KEY,
            "dns_rfc2136_secret = " + secret,
            "dns_rfc2136_algorithm = HMAC-SHA256",
            ""));
    run(
        List.of(
            CERTBOT.toString(),
            "certonly",
            "--non-interactive",
            "--agree-tos",
            "--register-unsafely-without-email",
            "--server",
            directory,
            "--config-dir",
            dir.resolve("config").toString(),
            "--work-dir",
            dir.resolve("work").toString(),
            "--logs-dir",
            dir.resolve("logs").toString(),
            "--dns-rfc2136",
            "--dns-rfc2136-credentials",
            ini.toString(),
            "--dns-rfc2136-propagation-seconds",
            "1",
            "-d",
            domain),
        Map.of("REQUESTS_CA_BUNDLE", caCert.toString()),
        dir.resolve("certbot.out"));

    assertCertificateNames(dir.resolve("config/live/" + domain + "/cert.pem"), domain);
    assertChallengeGoneAndAudited(domain);
  }

  @Test
  void legoObtainsACertificateThroughTheUpdateEndpoint() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(LEGO), "package lego is not installed");
    String domain = "api.acme.test";
    Path dir = Files.createDirectories(work.resolve("lego"));
    run(
        List.of(
            LEGO.toString(),
            "--server",
            directory,
            "--accept-tos",
            "--email",
            "test@example.test",
            "--dns",
            "rfc2136",
            "--dns.resolvers",
            "127.0.0.1:" + dnsPort,
            // lego would otherwise ask the zone's NS names on port 53 too
            "--dns.disable-cp",
            "--domains",
            domain,
            "--path",
            dir.toString(),
            "run"),
        Map.of(
            "RFC2136_NAMESERVER",
            "127.0.0.1:" + clientPort,
            "RFC2136_TSIG_KEY",
            KEY,
            "RFC2136_TSIG_SECRET",
            secret,
            "RFC2136_TSIG_ALGORITHM",
            "hmac-sha256.",
            "RFC2136_PROPAGATION_TIMEOUT",
            "30",
            "RFC2136_POLLING_INTERVAL",
            "1",
            "LEGO_CA_CERTIFICATES",
            caCert.toString()),
        dir.resolve("lego.out"));

    assertCertificateNames(dir.resolve("certificates/" + domain + ".crt"), domain);
    assertChallengeGoneAndAudited(domain);
  }

  /** The first certificate in a PEM file names the domain among its subject alternative names. */
  private static void assertCertificateNames(Path pem, String domain) throws Exception {
    assertTrue(Files.isRegularFile(pem), "no certificate at " + pem);
    X509Certificate cert;
    try (InputStream in = Files.newInputStream(pem)) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    Collection<List<?>> names = cert.getSubjectAlternativeNames();
    assertTrue(
        names != null && names.stream().anyMatch(n -> domain.equals(n.get(1))),
        pem + " names " + names);
  }

  /**
   * The client removed its challenge: no {@code _acme-challenge} record in the zone (REST), the
   * nameserver has no TXT for it (once the removal is served), and both changes are audited as
   * {@code tsig:<key>}.
   */
  private static void assertChallengeGoneAndAudited(String domain) throws Exception {
    String challenge = "_acme-challenge." + domain + ".";
    HttpResponse<String> records =
        Http.get(api + "/zones/" + ZONE + "/records?search=_acme-challenge&size=1000");
    assertEquals(200, records.statusCode(), records.body());
    assertEquals(0, ApiJson.array(records.body()).size(), records.body());
    Await.until(
        "no TXT for " + challenge + " at the nameserver",
        Duration.ofSeconds(15),
        () -> {
          Message answer = query(challenge, Type.TXT);
          return answer.getRcode() == Rcode.NXDOMAIN
              || (answer.getRcode() == Rcode.NOERROR
                  && answer.getHeader().getFlag(Flags.AA)
                  && answer.getSection(Section.ANSWER).isEmpty());
        });

    HttpResponse<String> audit = Http.get(api + "/audit?zone=" + ZONE + "&size=500");
    assertEquals(200, audit.statusCode(), audit.body());
    JsonArray entries = ApiJson.array(audit.body());
    List<String> byKey = new ArrayList<>();
    for (JsonObject e : entries.getValuesAs(JsonObject.class)) {
      if (("tsig:" + KEY).equals(e.getString("actor", null))
          && e.getString("subject", "").contains(challenge)) {
        byKey.add(e.getString("action"));
      }
    }
    assertTrue(
        byKey.contains("create") && byKey.contains("delete"),
        "the challenge's create and delete audited as tsig:" + KEY + ": " + entries);
  }

  private static Message query(String name, int type) throws IOException {
    SimpleResolver r = new SimpleResolver(FleetOptions.HOST);
    r.setPort(dnsPort);
    r.setTimeout(Duration.ofSeconds(2));
    return r.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
  }

  /**
   * Pebble on loopback with a TLS certificate from a throwaway CA made here (the Debian package
   * ships none), validating DNS-01 through the felu nameserver, without its random sleeps and nonce
   * rejections.
   */
  private static void startPebble() throws Exception {
    Path pki = Files.createDirectories(work.resolve("pki"));
    caCert = pki.resolve("ca.pem");
    Path caKey = pki.resolve("ca.key");
    Path cert = pki.resolve("pebble.pem");
    Path key = pki.resolve("pebble.key");
    Path csr = pki.resolve("pebble.csr");
    Path ext = pki.resolve("pebble.ext");
    Path log = pki.resolve("openssl.log");
    Files.writeString(
        ext,
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
            + "extendedKeyUsage=serverAuth\n"
            + "basicConstraints=critical,CA:FALSE\n");
    String openssl = OPENSSL.toString();
    Processes.run(
        List.of(
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=felu AcmeIT CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
            "-keyout",
            caKey.toString(),
            "-out",
            caCert.toString()),
        log,
        Map.of(),
        60);
    Processes.run(
        List.of(
            openssl,
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            key.toString(),
            "-out",
            csr.toString()),
        log,
        Map.of(),
        60);
    Processes.run(
        List.of(
            openssl,
            "x509",
            "-req",
            "-days",
            "2",
            "-in",
            csr.toString(),
            "-CA",
            caCert.toString(),
            "-CAkey",
            caKey.toString(),
            "-CAcreateserial",
            "-extfile",
            ext.toString(),
            "-out",
            cert.toString()),
        log,
        Map.of(),
        60);

    int port = FreePorts.consecutive(1);
    Path config = work.resolve("pebble-config.json");
    Files.writeString(
        config,
        Json.createObjectBuilder()
            .add(
                "pebble",
                Json.createObjectBuilder()
                    .add("listenAddress", "127.0.0.1:" + port)
                    .add("managementListenAddress", "127.0.0.1:" + FreePorts.consecutive(1))
                    .add("certificate", cert.toString())
                    .add("privateKey", key.toString())
                    // the challenge ports of http-01 and tls-alpn-01, never used by DNS-01
                    .add("httpPort", FreePorts.consecutive(1))
                    .add("tlsPort", FreePorts.consecutive(1))
                    .add("ocspResponderURL", "")
                    .add("externalAccountBindingRequired", false))
            .build()
            .toString());
    ProcessBuilder pb =
        new ProcessBuilder(
                PEBBLE.toString(),
                "-config",
                config.toString(),
                "-dnsserver",
                "127.0.0.1:" + dnsPort)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("pebble.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("PEBBLE_VA_NOSLEEP", "1");
    pb.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
    pb.environment().put("PEBBLE_VA_ALWAYS_VALID", "0");
    pebble = pb.start();
    directory = "https://127.0.0.1:" + port + "/dir";
    Await.until(
        "pebble listening on 127.0.0.1:" + port,
        Duration.ofSeconds(30),
        () -> {
          if (!pebble.isAlive()) {
            throw new Await.Abort(
                "pebble exited " + pebble.exitValue() + ": " + tail(work.resolve("pebble.log")));
          }
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(FleetOptions.HOST, port), 500);
            return true;
          }
        });
  }

  /**
   * Runs an ACME client to its end within {@link #CLIENT_DEADLINE}; fails with its output's tail
   * when it exits non-zero or is stopped at the deadline.
   */
  private static void run(List<String> command, Map<String, String> env, Path out)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(out.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      boolean ended = p.waitFor(CLIENT_DEADLINE.toSeconds(), TimeUnit.SECONDS);
      assertTrue(
          ended, command.get(0) + " still running after " + CLIENT_DEADLINE + ": " + tail(out));
      assertEquals(0, p.exitValue(), command.get(0) + " failed:\n" + tail(out));
    } finally {
      stop(p);
    }
  }

  private static void stop(Process p) throws InterruptedException {
    if (p.isAlive()) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static String tail(Path file) throws IOException {
    String text = Files.exists(file) ? Files.readString(file) : "";
    return text.length() > 4000 ? "…" + text.substring(text.length() - 4000) : text;
  }

  private static HttpResponse<String> created(HttpResponse<String> response) {
    assertEquals(201, response.statusCode(), response.body());
    return response;
  }
}
