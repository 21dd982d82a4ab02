package dev.felu.ns.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.felu.metrics.LatencyHistogram;
import dev.felu.ns.api.NameserverMetrics;
import dev.felu.ns.dns.DaemonThreads;
import dev.felu.ns.dns.ListenerSettings;
import dev.felu.ns.dns.RateLimitSettings;
import dev.felu.ns.zone.Zones;
import dev.felu.protocol.Message;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.Reply;
import dev.felu.protocol.ZoneContent;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** What the engine counts for the metrics endpoint, after real queries over real sockets. */
class NameserverMetricsTest {
  private static final int UDP = NameserverMetrics.PROTOCOLS.indexOf("udp");
  private static final int TCP = NameserverMetrics.PROTOCOLS.indexOf("tcp");

  private final NameserverEngine engine =
      new NameserverEngine(
          ListenerSettings.defaults(new InetSocketAddress("127.0.0.1", 0)), new DaemonThreads());
  private final NameserverMetrics metrics = engine.metrics();
  private InetSocketAddress dns;

  private static ZoneContent zone() {
    return Zones.content(
        "example.test.",
        "@ 3600 IN SOA ns1 hostmaster 1 3600 600 604800 300\n@ IN NS ns1\n"
            + "www 300 IN A 192.0.2.10\nns1 300 IN A 192.0.2.1\n");
  }

  @BeforeEach
  void serve() throws Exception {
    Reply applied = null;
    for (byte[] frame : Zones.snapshotFrames(7, List.of(zone()))) {
      applied = ProtocolCodec.decodeReply(engine.handleConfigFrame(frame));
    }
    assertTrue(applied.ok(), applied.error());
    dns = engine.dnsAddress();
  }

  @AfterEach
  void stop() throws Exception {
    engine.close();
  }

  private static int qtype(String name) {
    return NameserverMetrics.QTYPES.indexOf(name);
  }

  private static int rcode(String name) {
    return NameserverMetrics.RCODES.indexOf(name);
  }

  private org.xbill.DNS.Message ask(String name, int type, boolean tcp) throws Exception {
    return send(
        org.xbill.DNS.Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)),
        tcp);
  }

  private org.xbill.DNS.Message send(org.xbill.DNS.Message q, boolean tcp) throws Exception {
    SimpleResolver r = new SimpleResolver(dns);
    r.setTCP(tcp);
    r.setTimeout(Duration.ofSeconds(5));
    return r.send(q);
  }

  private byte[] exchangeUdp(byte[] packet) throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      s.setSoTimeout(5_000);
      s.send(new DatagramPacket(packet, packet.length, dns));
      byte[] in = new byte[1232];
      DatagramPacket p = new DatagramPacket(in, in.length);
      s.receive(p);
      return java.util.Arrays.copyOf(in, p.getLength());
    }
  }

  private static void await(BooleanSupplier condition, String what) {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        fail("not reached within 10 s: " + what);
      }
      LockSupport.parkNanos(100_000);
    }
  }

  @Test
  void countsAnsweredQueriesByProtocolQtypeAndRcode() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(Rcode.NOERROR, ask("www.example.test.", Type.A, false).getRcode());
    }
    assertEquals(Rcode.NOERROR, ask("www.example.test.", Type.A, true).getRcode());
    assertEquals(Rcode.NXDOMAIN, ask("nope.example.test.", Type.AAAA, false).getRcode());
    assertEquals(Rcode.NOERROR, ask("www.example.test.", 65000, true).getRcode()); // NODATA
    assertEquals(Rcode.REFUSED, ask("www.elsewhere.test.", Type.MX, false).getRcode());
    assertEquals(Rcode.REFUSED, ask("www.elsewhere.test.", Type.TXT, true).getRcode());

    assertEquals(3, metrics.queries(UDP, qtype("A"), rcode("NOERROR")));
    assertEquals(1, metrics.queries(TCP, qtype("A"), rcode("NOERROR")));
    assertEquals(1, metrics.queries(UDP, qtype("AAAA"), rcode("NXDOMAIN")));
    assertEquals(1, metrics.queries(TCP, qtype("other"), rcode("NOERROR")));
    assertEquals(1, metrics.queries(UDP, qtype("MX"), rcode("REFUSED")));
    assertEquals(1, metrics.queries(TCP, qtype("TXT"), rcode("REFUSED")));
    assertEquals(5, metrics.received(UDP));
    assertEquals(3, metrics.received(TCP));
    assertEquals(0, metrics.malformed(UDP) + metrics.malformed(TCP));
    assertEquals(0, metrics.responderFailures(UDP) + metrics.responderFailures(TCP));
    // dnsjava's resolver may reuse one connection for its TCP queries; each answer implies one
    assertTrue(metrics.tcpConnectionsAccepted() >= 1);
  }

  @Test
  void readsTheExtendedRcodeOfBadversFromTheOpt() throws Exception {
    org.xbill.DNS.Message q =
        org.xbill.DNS.Message.newQuery(
            Record.newRecord(Name.fromString("www.example.test."), Type.SOA, DClass.IN));
    q.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL); // EDNS version 1
    assertEquals(Rcode.BADVERS, send(q, false).getRcode());
    assertEquals(1, metrics.queries(UDP, qtype("SOA"), rcode("BADVERS")));
    assertEquals(0, metrics.queries(UDP, qtype("SOA"), rcode("NOERROR")));
  }

  @Test
  void countsMalformedPacketsAnsweredWithFormerrOrDropped() throws Exception {
    byte[] garbage = new byte[20];
    garbage[1] = 1; // id 1, a query, QDCOUNT 1, then a label running past the end
    garbage[5] = 1;
    garbage[12] = 63;
    byte[] reply = exchangeUdp(garbage);
    assertEquals(Rcode.FORMERR, reply[3] & 0x0F);
    byte[] response = new byte[12];
    response[2] = (byte) 0x80; // QR set: dropped, never answered
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      s.send(new DatagramPacket(response, response.length, dns));
    }
    await(() -> metrics.dropped(UDP) == 1, "the response packet counted as dropped");
    assertEquals(1, metrics.queries(UDP, qtype("other"), rcode("FORMERR")));
    assertEquals(2, metrics.malformed(UDP));
    assertEquals(2, metrics.received(UDP));
  }

  @Test
  void recordsEveryAnswerInTheResponseTimeHistogram() throws Exception {
    for (int i = 0; i < 20; i++) {
      ask("www.example.test.", Type.A, i % 2 == 0);
    }
    for (int p : new int[] {UDP, TCP}) {
      LatencyHistogram h = metrics.responseTime(p);
      assertEquals(10, h.count());
      long previous = 0;
      for (int b = 0; b < h.boundsSeconds().size(); b++) {
        long c = h.cumulativeCount(b);
        assertTrue(c >= previous, "buckets are cumulative");
        previous = c;
      }
      assertTrue(h.cumulativeCount(h.boundsSeconds().size() - 1) <= 10);
      assertTrue(h.sumSeconds() > 0);
      // a loopback lookup in a two-record zone takes far less than a second
      assertEquals(10, h.cumulativeCount(h.boundsSeconds().size() - 1));
    }
  }

  @Test
  void countsNothingAsRateLimitedWhileRateLimitingIsOff() throws Exception {
    for (int i = 0; i < 30; i++) {
      assertEquals(Rcode.NOERROR, ask("www.example.test.", Type.A, false).getRcode());
    }
    assertEquals(0, metrics.rateLimitDropped());
    assertEquals(0, metrics.rateLimitSlipped());
  }

  @Test
  void countsUdpAnswersTheRateLimiterDroppedOrSlipped() throws Exception {
    try (NameserverEngine limited =
        new NameserverEngine(
            ListenerSettings.defaults(new InetSocketAddress("127.0.0.1", 0))
                .withRateLimit(new RateLimitSettings(1, 2, 24, 56, 64, List.of())),
            new DaemonThreads())) {
      for (byte[] frame : Zones.snapshotFrames(7, List.of(zone()))) {
        limited.handleConfigFrame(frame);
      }
      NameserverMetrics m = limited.metrics();
      byte[] q =
          org.xbill.DNS.Message.newQuery(
                  Record.newRecord(Name.fromString("www.example.test."), Type.A, DClass.IN))
              .toWire();
      int full = 0;
      int truncated = 0;
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
        s.setSoTimeout(5_000);
        for (int i = 0; i < 10; i++) {
          s.send(new DatagramPacket(q, q.length, limited.dnsAddress()));
        }
        await(
            () -> m.received(UDP) == 10 && m.rateLimitDropped() + answered(m) == 10,
            "the ten queries decided");
        for (long i = answered(m); i > 0; i--) {
          byte[] in = new byte[1232];
          DatagramPacket p = new DatagramPacket(in, in.length);
          s.receive(p);
          if ((in[2] & 0x02) != 0) {
            truncated++;
          } else {
            full++;
          }
        }
      }
      assertTrue(full >= 1 && full < 10, full + " full answers at one a second");
      assertEquals(truncated, m.rateLimitSlipped());
      assertEquals(10 - full - truncated, m.rateLimitDropped());
      assertTrue(m.rateLimitDropped() > 0 && m.rateLimitSlipped() > 0, "slip 2: both happen");
    }
  }

  private static long answered(NameserverMetrics m) {
    long n = 0;
    for (int q = 0; q < NameserverMetrics.QTYPES.size(); q++) {
      for (int r = 0; r < NameserverMetrics.RCODES.size(); r++) {
        n += m.queries(UDP, q, r);
      }
    }
    return n;
  }

  @Test
  void reportsTheConfigHeldAndItsLastApply() throws Exception {
    assertEquals(7, metrics.configRevision());
    assertEquals(1, metrics.zones());
    assertEquals(4, metrics.records());
    assertEquals(1, metrics.configApplies());
    assertTrue(metrics.lastApplyNanos() > 0);
    long applied = metrics.lastApplyEpochMillis();
    assertTrue(Math.abs(System.currentTimeMillis() - applied) < 60_000, "apply time is now");

    ProtocolCodec.decodeReply(
        engine.handleConfigFrame(ProtocolCodec.encode(new Message.StatusRequest())));
    assertEquals(1, metrics.configApplies(), "a status request applies nothing");
    assertTrue(engine.failure().isEmpty(), "listener loops alive");
  }

  @Test
  void reportsWhatTheMemoryGuardSees() {
    assertEquals(Runtime.getRuntime().maxMemory(), metrics.heapMaxBytes());
    // one small zone beside an empty table: the booted server (45 MiB) and a quarter more
    assertTrue(metrics.configMemoryNeededBytes() > 45L << 20, "estimate of the last apply");
    assertTrue(metrics.configMemoryNeededBytes() < 60L << 20, "estimate of the last apply");
    assertEquals(0, metrics.configRefusedForMemory());
    assertTrue(engine.configRefusal().isEmpty());
  }
}
