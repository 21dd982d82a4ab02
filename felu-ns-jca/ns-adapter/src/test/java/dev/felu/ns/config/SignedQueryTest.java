package dev.felu.ns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.adapter.NameserverEngine;
import dev.felu.ns.dns.DaemonThreads;
import dev.felu.ns.dns.ListenerSettings;
import dev.felu.ns.zone.Zones;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.ZoneContent;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * Ordinary queries signed with TSIG (RFC 8945), as a secondary's SOA check is (BIND signs it and
 * refuses an unsigned answer): a query signed with a key the nameserver holds is answered and the
 * answer signed, over UDP and TCP; an unknown key, a wrong secret and a signing time outside the
 * fudge (also how a replay of old captured bytes arrives) get NOTAUTH with the TSIG error and no
 * data; a TSIG record that does not parse gets FORMERR; the nameserver answers on regardless.
 */
class SignedQueryTest {
  private static final Name ZONE = Name.fromConstantString("example.test.");
  private static final Name KEY = Name.fromConstantString("secondary.example.");
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();

  private final NameserverEngine engine =
      new NameserverEngine(
          ListenerSettings.defaults(new InetSocketAddress("127.0.0.1", 0)), new DaemonThreads());

  @BeforeEach
  void serve() throws Exception {
    ZoneContent z =
        Zones.content(
            "example.test.",
            "@ 3600 IN SOA ns1 hostmaster 9 3600 600 604800 300\n@ IN NS ns1\nwww 300 IN A"
                + " 192.0.2.1\n");
    Configs.apply(
        engine,
        Message.Begin.snapshot(1, ConfigHash.EMPTY.plus(z.digest())),
        List.of(z),
        List.of(new Message.PolicyKey(KEY, TSIG.HMAC_SHA256, SECRET)),
        List.of(new Message.ZonePolicy(ZONE, List.of(), List.of(KEY))));
  }

  @AfterEach
  void stop() throws Exception {
    engine.close();
  }

  private org.xbill.DNS.Message ask(TSIG key, boolean tcp) throws Exception {
    SimpleResolver r = new SimpleResolver(engine.dnsAddress());
    r.setTimeout(Duration.ofSeconds(3));
    r.setTCP(tcp);
    r.setTSIGKey(key);
    return r.send(org.xbill.DNS.Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN)));
  }

  @Test
  void aSignedQueryIsAnsweredSigned() throws Exception {
    for (boolean tcp : new boolean[] {false, true}) {
      org.xbill.DNS.Message a = ask(new TSIG(TSIG.HMAC_SHA256, KEY, SECRET), tcp);
      assertEquals(Rcode.NOERROR, a.getRcode(), "tcp=" + tcp);
      assertEquals(Type.SOA, a.getSection(Section.ANSWER).get(0).getType());
      assertNotNull(a.getTSIG(), "the answer carries a TSIG");
      assertTrue(a.isVerified(), "and it verifies with the key, tcp=" + tcp);
    }
  }

  @Test
  void badKeysSecretsAndTimesGetTheTsigErrorAndNoData() throws Exception {
    TSIG unknown = new TSIG(TSIG.HMAC_SHA256, Name.fromConstantString("nobody.example."), SECRET);
    TSIG wrong = new TSIG(TSIG.HMAC_SHA256, KEY, "fedcba9876543210fedcba9876543210".getBytes());
    TSIG late =
        new TSIG(
            TSIG.HMAC_SHA256,
            KEY,
            new SecretKeySpec(SECRET, "HmacSHA256"),
            Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC));
    int[] errors = {Rcode.BADKEY, Rcode.BADSIG, Rcode.BADTIME};
    TSIG[] keys = {unknown, wrong, late};
    for (int i = 0; i < keys.length; i++) {
      org.xbill.DNS.Message a = raw(sign(keys[i]));
      assertEquals(Rcode.NOTAUTH, a.getRcode(), Rcode.TSIGstring(errors[i]));
      assertTrue(a.getSection(Section.ANSWER).isEmpty(), "no data");
      TSIGRecord t = a.getTSIG();
      assertNotNull(t, "the error travels in a TSIG record");
      assertEquals(errors[i], t.getError());
    }
    // and the nameserver answers a good query as ever
    assertEquals(Rcode.NOERROR, ask(new TSIG(TSIG.HMAC_SHA256, KEY, SECRET), false).getRcode());
  }

  @Test
  void aTsigRecordThatDoesNotParseIsFormerr() throws Exception {
    byte[] signed = sign(new TSIG(TSIG.HMAC_SHA256, KEY, SECRET));
    byte[] broken = Arrays.copyOf(signed, signed.length - 5); // the TSIG record cut short
    DatagramPacket answer = send(broken);
    assertEquals(Rcode.FORMERR, answer.getData()[3] & 0xF);
    assertEquals(Rcode.NOERROR, ask(new TSIG(TSIG.HMAC_SHA256, KEY, SECRET), false).getRcode());
  }

  private static byte[] sign(TSIG key) {
    org.xbill.DNS.Message q =
        org.xbill.DNS.Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN));
    q.setTSIG(key);
    return q.toWire(512); // signs (toWire() without a size does not)
  }

  private org.xbill.DNS.Message raw(byte[] query) throws Exception {
    DatagramPacket p = send(query);
    return new org.xbill.DNS.Message(Arrays.copyOf(p.getData(), p.getLength()));
  }

  private DatagramPacket send(byte[] query) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(3000);
      s.send(new DatagramPacket(query, query.length, engine.dnsAddress()));
      DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
      s.receive(p);
      return p;
    }
  }
}
