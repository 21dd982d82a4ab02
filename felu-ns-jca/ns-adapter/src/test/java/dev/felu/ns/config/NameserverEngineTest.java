package dev.felu.ns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The nameserver without a container: config frames in, DNS answers out over real sockets. */
class NameserverEngineTest {
  private final NameserverEngine engine =
      new NameserverEngine(
          ListenerSettings.defaults(new InetSocketAddress("127.0.0.1", 0)), new DaemonThreads());

  @AfterEach
  void stop() throws Exception {
    engine.close();
  }

  private static ZoneContent example(String address) {
    return Zones.content(
        "example.test.",
        "@ 3600 IN SOA ns1 hostmaster 1 3600 600 604800 300\n@ IN NS ns1\nwww 300 IN A "
            + address
            + "\n");
  }

  private Reply send(Message m) throws Exception {
    return ProtocolCodec.decodeReply(engine.handleConfigFrame(ProtocolCodec.encode(m)));
  }

  /** Sends a whole transfer; returns the first refusal, or the commit's reply. */
  private Reply transfer(Message.Begin begin, List<ZoneContent> puts, List<Name> removals)
      throws Exception {
    Reply last = null;
    for (Message m : TransferWriter.messages(begin, puts, removals)) {
      last = send(m);
      if (!last.ok()) {
        return last;
      }
    }
    return last;
  }

  private static org.xbill.DNS.Message query(InetSocketAddress ns, boolean tcp) throws Exception {
    SimpleResolver r = new SimpleResolver(ns);
    r.setTCP(tcp);
    r.setTimeout(Duration.ofSeconds(2));
    return r.send(
        org.xbill.DNS.Message.newQuery(
            Record.newRecord(Name.fromString("www.example.test."), Type.A, DClass.IN)));
  }

  @Test
  void servesNothingUntilTheFirstSnapshotThenAnswersOverUdpAndTcp() throws Exception {
    assertFalse(engine.isServing());
    assertNull(engine.dnsAddress());
    Reply status = send(new Message.StatusRequest());
    assertEquals(Reply.NO_REVISION, status.revision());
    assertFalse(status.serving());

    ZoneContent z = example("192.0.2.10");
    Reply applied =
        transfer(
            Message.Begin.snapshot(1, ConfigHash.EMPTY.plus(z.digest())), List.of(z), List.of());

    assertTrue(applied.ok(), applied.error());
    assertTrue(applied.serving());
    assertEquals(1, applied.revision());
    InetSocketAddress dns = engine.dnsAddress();
    assertNotNull(dns);
    for (boolean tcp : new boolean[] {false, true}) {
      org.xbill.DNS.Message answer = query(dns, tcp);
      assertEquals(Rcode.NOERROR, answer.getRcode());
      assertTrue(answer.getHeader().getFlag(Flags.AA));
      assertEquals(
          "192.0.2.10",
          ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
    }
  }

  @Test
  void appliesADeltaOnlyOnTopOfItsBaseAndOnlyWithTheRightHash() throws Exception {
    ZoneContent v1 = example("192.0.2.10");
    ConfigHash h1 = ConfigHash.EMPTY.plus(v1.digest());
    transfer(Message.Begin.snapshot(1, h1), List.of(v1), List.of());
    ZoneContent v2 = example("192.0.2.11");
    ConfigHash h2 = h1.minus(v1.digest()).plus(v2.digest());

    Reply wrongBase = transfer(Message.Begin.delta(5, 6, h2), List.of(v2), List.of());
    assertFalse(wrongBase.ok());
    assertTrue(wrongBase.error().contains("does not apply to held revision 1"), wrongBase.error());

    Reply wrongHash = transfer(Message.Begin.delta(1, 2, h1), List.of(v2), List.of());
    assertFalse(wrongHash.ok());
    assertTrue(wrongHash.error().contains("hash mismatch"), wrongHash.error());
    assertEquals(1, wrongHash.revision());
    assertEquals(
        "192.0.2.10",
        ((ARecord) query(engine.dnsAddress(), false).getSection(Section.ANSWER).get(0))
            .getAddress()
            .getHostAddress());

    Reply ok = transfer(Message.Begin.delta(1, 2, h2), List.of(v2), List.of());
    assertTrue(ok.ok(), ok.error());
    assertEquals(2, ok.revision());
    assertEquals(h2, ok.hash());
    assertEquals(
        "192.0.2.11",
        ((ARecord) query(engine.dnsAddress(), false).getSection(Section.ANSWER).get(0))
            .getAddress()
            .getHostAddress());
  }

  @Test
  void reportsABusyDnsPortAndStartsServingOnceItIsFree() throws Exception {
    java.net.DatagramSocket squatter =
        new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
    int port = squatter.getLocalPort();
    try (NameserverEngine busy =
        new NameserverEngine(
            ListenerSettings.defaults(new InetSocketAddress("127.0.0.1", port)),
            new DaemonThreads())) {
      ZoneContent z = example("192.0.2.10");
      Reply r = null;
      for (byte[] frame : Zones.snapshotFrames(1, List.of(z))) {
        r = ProtocolCodec.decodeReply(busy.handleConfigFrame(frame));
      }
      assertEquals(1, r.revision(), "the config is applied");
      assertFalse(r.serving());
      assertTrue(r.error().contains("cannot bind DNS/UDP"), r.error());

      squatter.close();
      Reply status =
          ProtocolCodec.decodeReply(
              busy.handleConfigFrame(ProtocolCodec.encode(new Message.StatusRequest())));
      assertTrue(status.ok(), status.error());
      assertTrue(status.serving());
      assertEquals(port, busy.dnsAddress().getPort());
    } finally {
      squatter.close();
    }
  }

  @Test
  void refusesZonesWithoutSoaAndGarbageFramesKeepingWhatItHeld() throws Exception {
    ZoneContent noSoa = Zones.content("bad.test.", "www 300 IN A 192.0.2.1\n");
    Reply r =
        transfer(
            Message.Begin.snapshot(1, ConfigHash.EMPTY.plus(noSoa.digest())),
            List.of(noSoa),
            List.of());
    assertFalse(r.ok());
    assertTrue(r.error().contains("needs exactly one SOA"), r.error());
    assertEquals(Reply.NO_REVISION, r.revision());

    Reply garbage = ProtocolCodec.decodeReply(engine.handleConfigFrame(new byte[] {1, 2, 3}));
    assertFalse(garbage.ok());
    assertTrue(garbage.error().startsWith("refused:"), garbage.error());
    assertFalse(engine.isServing());
  }
}
