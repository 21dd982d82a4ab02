package dev.felu.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * The probe against a DNS server on a real loopback socket that serves serial 7 for a.test., a
 * stale serial 3 for b.test., and refuses everything else.
 */
class DnsProbeTest {
  private DatagramSocket socket;
  private Thread server;

  @BeforeEach
  void startServer() throws Exception {
    socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    Map<Name, Long> serving =
        Map.of(Name.fromString("a.test."), 7L, Name.fromString("b.test."), 3L);
    server =
        new Thread(
            () -> {
              byte[] buf = new byte[512];
              while (!socket.isClosed()) {
                try {
                  DatagramPacket p = new DatagramPacket(buf, buf.length);
                  socket.receive(p);
                  Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                  Message r = new Message(q.getHeader().getID());
                  r.getHeader().setFlag(Flags.QR);
                  r.addRecord(q.getQuestion(), Section.QUESTION);
                  Name zone = q.getQuestion().getName();
                  Long serial = serving.get(zone);
                  if (serial == null) {
                    r.getHeader().setRcode(Rcode.REFUSED);
                  } else {
                    r.getHeader().setFlag(Flags.AA);
                    r.addRecord(
                        new SOARecord(
                            zone, DClass.IN, 60, zone, zone, serial, 3600, 600, 86400, 60),
                        Section.ANSWER);
                  }
                  byte[] out = r.toWire();
                  socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                } catch (Exception e) {
                  // socket closed: the test is over
                }
              }
            });
    server.setDaemon(true);
    server.start();
  }

  @AfterEach
  void stopServer() throws Exception {
    socket.close();
    server.join(5000);
  }

  @Test
  void reportsEveryZoneWhoseServedSerialDiffers() throws Exception {
    Map<Name, Long> expected = new LinkedHashMap<>();
    expected.put(Name.fromString("a.test."), 7L);
    expected.put(Name.fromString("b.test."), 4L);
    expected.put(Name.fromString("c.test."), 1L);
    DnsProbe.Result r = DnsProbe.probe("127.0.0.1", socket.getLocalPort(), expected);
    assertFalse(r.ok());
    assertEquals(3, r.checked());
    assertEquals(2, r.problems().size(), r.summary());
    assertTrue(r.problems().get(0).contains("b.test.: serial 3, expected 4"), r.summary());
    assertTrue(r.problems().get(1).contains("c.test.: REFUSED"), r.summary());
  }

  @Test
  void isHappyWhenEverySerialMatches() throws Exception {
    DnsProbe.Result r =
        DnsProbe.probe("127.0.0.1", socket.getLocalPort(), Map.of(Name.fromString("a.test."), 7L));
    assertTrue(r.ok(), r.summary());
  }
}
