package dev.felu.ns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.adapter.NameserverEngine;
import dev.felu.ns.dns.DaemonThreads;
import dev.felu.ns.dns.ListenerSettings;
import dev.felu.ns.zone.Zones;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.Reply;
import dev.felu.protocol.TransferWriter;
import dev.felu.protocol.ZoneContent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Zone transfers wired end to end inside one nameserver: a policy sent with the configuration, then
 * AXFR and IXFR over real sockets with dnsjava's client, signed and unsigned.
 */
class TransferWiringTest {
  private static final Name ZONE = Name.fromConstantString("example.test.");
  private static final Name KEY = Name.fromConstantString("xfr.example.");
  private static final Name OTHER_KEY = Name.fromConstantString("other.example.");
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
  private static final byte[] OTHER_SECRET = "fedcba9876543210fedcba9876543210".getBytes();

  private final NameserverEngine engine =
      new NameserverEngine(
          ListenerSettings.defaults(new InetSocketAddress("127.0.0.1", 0)), new DaemonThreads());

  @AfterEach
  void stop() throws Exception {
    engine.close();
  }

  private static ZoneContent zone(int serial, String... more) {
    return Zones.content(
        "example.test.",
        "@ 3600 IN SOA ns1 hostmaster "
            + serial
            + " 3600 600 604800 300\n@ IN NS ns1\nwww 300 IN A 192.0.2.1\n"
            + String.join("\n", more)
            + "\n");
  }

  private void apply(Message.Begin begin, List<ZoneContent> zones, List<Message.ZonePolicy> rules) {
    List<Message> out = new ArrayList<>();
    TransferWriter w = new TransferWriter(begin, out::add);
    zones.forEach(w::zone);
    w.policy(
        List.of(
            new Message.PolicyKey(KEY, TSIG.HMAC_SHA256, SECRET),
            new Message.PolicyKey(OTHER_KEY, TSIG.HMAC_SHA256, OTHER_SECRET)),
        rules);
    w.commit();
    for (Message m : out) {
      Reply r;
      try {
        r = ProtocolCodec.decodeReply(engine.handleConfigFrame(ProtocolCodec.encode(m)));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      assertTrue(r.ok(), r.error());
    }
  }

  private ZoneTransferIn axfr(TSIG tsig) throws Exception {
    ZoneTransferIn x = ZoneTransferIn.newAXFR(ZONE, engine.dnsAddress(), tsig);
    x.setTimeout(Duration.ofSeconds(5));
    return x;
  }

  @Test
  void signedAxfrThenIxfrFromTheJournalAndRefusalsOtherwise() throws Exception {
    ZoneContent v1 = zone(1);
    apply(
        Message.Begin.snapshot(1, ConfigHash.EMPTY.plus(v1.digest())),
        List.of(v1),
        List.of(new Message.ZonePolicy(ZONE, List.of(), List.of(KEY))));

    ZoneTransferIn x = axfr(new TSIG(TSIG.HMAC_SHA256, KEY, SECRET));
    x.run();
    assertTrue(x.isAXFR());
    assertEquals(4, x.getAXFR().size()); // SOA, NS, A, SOA

    // no key: REFUSED; a key the zone does not allow: REFUSED; a wrong secret: NOTAUTH (BADSIG)
    ZoneTransferException e = assertThrows(ZoneTransferException.class, () -> axfr(null).run());
    assertTrue(e.getMessage().contains("REFUSED"), e.getMessage());
    e =
        assertThrows(
            ZoneTransferException.class,
            () -> axfr(new TSIG(TSIG.HMAC_SHA256, OTHER_KEY, OTHER_SECRET)).run());
    assertTrue(e.getMessage().contains("REFUSED"), e.getMessage());
    e =
        assertThrows(
            ZoneTransferException.class,
            () -> axfr(new TSIG(TSIG.HMAC_SHA256, KEY, OTHER_SECRET)).run());
    assertFalse(e.getMessage().contains("SOA"), e.getMessage());

    ZoneContent v2 = zone(2, "new 300 IN A 192.0.2.2");
    apply(
        Message.Begin.delta(1, 2, ConfigHash.EMPTY.plus(v2.digest())),
        List.of(v2),
        List.of(new Message.ZonePolicy(ZONE, List.of("127.0.0.1/32"), List.of(KEY))));
    ZoneTransferIn ixfr =
        ZoneTransferIn.newIXFR(
            ZONE, 1, false, engine.dnsAddress(), new TSIG(TSIG.HMAC_SHA256, KEY, SECRET));
    ixfr.setTimeout(Duration.ofSeconds(5));
    ixfr.run();
    assertTrue(ixfr.isIXFR(), "an incremental answer from the journal");
    List<ZoneTransferIn.Delta> deltas = ixfr.getIXFR();
    assertEquals(1, deltas.size());
    assertEquals(1, deltas.get(0).start);
    assertEquals(2, deltas.get(0).end);
    assertTrue(
        deltas.get(0).adds.stream()
            .anyMatch(r -> r.getName().toString().equals("new.example.test.")));
    assertTrue(deltas.get(0).deletes.stream().allMatch(r -> r.getType() == Type.SOA));

    // the network rule now admits an unsigned transfer from 127.0.0.1
    ZoneTransferIn unsigned = axfr(null);
    unsigned.run();
    assertEquals(5, unsigned.getAXFR().size());
  }

  @Test
  void ixfrOverUdpAndAxfrOverUdpIsNotImplemented() throws Exception {
    ZoneContent v1 = zone(1);
    apply(
        Message.Begin.snapshot(1, ConfigHash.EMPTY.plus(v1.digest())),
        List.of(v1),
        List.of(new Message.ZonePolicy(ZONE, List.of("127.0.0.0/8"), List.of())));
    SimpleResolver r = new SimpleResolver(engine.dnsAddress());
    r.setTimeout(Duration.ofSeconds(2));
    org.xbill.DNS.Message ixfr =
        org.xbill.DNS.Message.newQuery(Record.newRecord(ZONE, Type.IXFR, DClass.IN));
    ixfr.addRecord(new SOARecord(ZONE, DClass.IN, 0, ZONE, ZONE, 1, 0, 0, 0, 0), Section.AUTHORITY);
    org.xbill.DNS.Message answer = r.send(ixfr);
    assertEquals(Rcode.NOERROR, answer.getRcode());
    assertEquals(Type.SOA, answer.getSection(Section.ANSWER).get(0).getType());
    // dnsjava's resolver turns an AXFR query into a TCP transfer: send this one by hand
    byte[] query =
        org.xbill.DNS.Message.newQuery(Record.newRecord(ZONE, Type.AXFR, DClass.IN)).toWire();
    try (java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
      udp.setSoTimeout(2000);
      udp.send(new java.net.DatagramPacket(query, query.length, engine.dnsAddress()));
      java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[512], 512);
      udp.receive(p);
      org.xbill.DNS.Message axfr =
          new org.xbill.DNS.Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
      assertEquals(Rcode.NOTIMP, axfr.getRcode());
    }
    assertEquals(2, engine.metrics().transfers("answered") + engine.metrics().transfers("notimp"));
  }
}
