package dev.felu.ns.dns;

import static dev.felu.ns.dns.RunningListeners.READ_TIMEOUT_MILLIS;
import static dev.felu.ns.dns.RunningListeners.await;
import static dev.felu.ns.dns.RunningListeners.frame;
import static dev.felu.ns.dns.RunningListeners.query;
import static dev.felu.ns.dns.RunningListeners.readResponse;
import static dev.felu.ns.dns.RunningListeners.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Response rate limiting on the running listeners, over real loopback sockets: a burst of UDP
 * queries from 127.0.0.1 gets about the configured rate of full answers, the rest truncated or
 * dropped by the slip setting, and the stats count both; TCP answers everything; a whitelisted
 * network is not limited. Traffic stays on loopback and is sent in paced chunks, so no datagram is
 * lost to a full socket buffer and every count is exact.
 */
class ResponseRateLimitingTest {
  private static final int RATE = 10;
  private static final int BURST = 200;
  private static final int CHUNK = 50;
  private static final Name WWW = Name.fromConstantString("www.example.test.");

  private RunningListeners server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static RateLimitSettings rrl(int slip, String... whitelist) {
    return new RateLimitSettings(
        RATE, slip, 24, 56, 1024, Arrays.stream(whitelist).map(ClientNetwork::parse).toList());
  }

  /** What the client saw of a UDP burst, and how long the server took to decide all of it. */
  private record Burst(int full, int truncated, long nanos) {
    double seconds() {
      return nanos / 1e9;
    }
  }

  /**
   * Sends {@link #BURST} queries for www.example.test/A from one socket on 127.0.0.1, {@link
   * #CHUNK} at a time; after each chunk waits until the server has decided every query, then reads
   * exactly the answers it sent.
   */
  private Burst udpBurst() throws Exception {
    DnsStats stats = server.stats();
    int full = 0;
    int truncated = 0;
    int read = 0;
    long started = System.nanoTime();
    try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      udp.setSoTimeout(READ_TIMEOUT_MILLIS);
      udp.connect(server.address());
      byte[] in = new byte[1232];
      for (int sent = 0; sent < BURST; ) {
        for (int i = 0; i < CHUNK; i++, sent++) {
          byte[] q = query(sent, "www.example.test.", Type.A);
          udp.send(new DatagramPacket(q, q.length));
        }
        int expected = sent;
        await(
            () -> stats.answered() + stats.rateLimitDropped() == expected,
            () -> "the server decided " + stats + " of " + expected + " queries");
        for (; read < stats.answered(); read++) {
          DatagramPacket p = new DatagramPacket(in, in.length);
          udp.receive(p);
          Message r = new Message(Arrays.copyOf(in, p.getLength()));
          assertEquals(WWW, r.getQuestion().getName(), "the question is echoed");
          assertEquals(Rcode.NOERROR, r.getRcode());
          if (r.getHeader().getFlag(Flags.TC)) {
            assertTrue(r.getSection(Section.ANSWER).isEmpty(), "a slip carries no answer");
            assertTrue(r.getSection(Section.ADDITIONAL).isEmpty(), "nor an OPT");
            truncated++;
          } else {
            assertEquals(1, r.getSection(Section.ANSWER).size(), "a full answer");
            full++;
          }
        }
      }
    }
    long nanos = System.nanoTime() - started;
    assertEquals(0, stats.failures());
    System.out.printf(
        "RRL burst: %d queries in %.3f s: %d full, %d truncated; %s%n",
        BURST, nanos / 1e9, full, truncated, stats);
    return new Burst(full, truncated, nanos);
  }

  @Test
  void limitsAUdpBurstToTheRateAndSlipsEverySecondLimitedAnswer() throws Exception {
    server = RunningListeners.start(rrl(2));
    DnsStats stats = server.stats();
    Burst b = udpBurst();

    // a quiet bucket sends a burst of RATE, then RATE per second while the burst lasts
    long allowed = RATE + (long) Math.ceil(RATE * b.seconds());
    assertTrue(b.full() >= RATE, b.full() + " full answers: the first " + RATE + " pass");
    assertTrue(b.full() <= allowed, b.full() + " full answers, at most " + allowed + " allowed");
    int limited = BURST - b.full();
    assertEquals(b.truncated(), stats.rateLimitSlipped(), "every slip counted");
    assertEquals(limited - b.truncated(), stats.rateLimitDropped(), "every drop counted");
    assertEquals((limited + 1) / 2, b.truncated(), "slip 2: the 1st, 3rd, 5th … limited answer");
    assertEquals(BURST, stats.received());
    assertEquals(BURST, stats.answered() + stats.dropped() + stats.rateLimitDropped());

    // TCP is the way out: never limited, even while the UDP bucket is empty
    try (Socket tcp = server.connect()) {
      ByteArrayOutputStream queries = new ByteArrayOutputStream();
      for (int i = 0; i < CHUNK; i++) {
        queries.write(frame(query(1000 + i, "www.example.test.", Type.A)));
      }
      write(tcp, queries.toByteArray());
      for (int i = 0; i < CHUNK; i++) {
        Message r = readResponse(tcp);
        assertEquals(1000 + i, r.getHeader().getID());
        assertFalse(r.getHeader().getFlag(Flags.TC), "a full answer over TCP");
        assertEquals(1, r.getSection(Section.ANSWER).size());
      }
    }
    assertEquals(b.truncated(), stats.rateLimitSlipped(), "TCP answers are not counted by RRL");
    assertEquals(limited - b.truncated(), stats.rateLimitDropped());
  }

  @Test
  void dropsEveryLimitedAnswerWithSlipZero() throws Exception {
    server = RunningListeners.start(rrl(0));
    Burst b = udpBurst();
    assertEquals(0, b.truncated());
    assertEquals(BURST - b.full(), server.stats().rateLimitDropped());
    assertEquals(0, server.stats().rateLimitSlipped());
  }

  @Test
  void answersAWhitelistedNetworkInFull() throws Exception {
    server = RunningListeners.start(rrl(2, "192.0.2.0/24", "127.0.0.0/8"));
    Burst b = udpBurst();
    assertEquals(BURST, b.full());
    assertEquals(0, server.stats().rateLimitDropped() + server.stats().rateLimitSlipped());
  }

  @Test
  void answersEverythingWithRateLimitingOff() throws Exception {
    server = RunningListeners.start(RateLimitSettings.off());
    Burst b = udpBurst();
    assertEquals(BURST, b.full());
    assertEquals(0, b.truncated());
    assertEquals(0, server.stats().rateLimitDropped() + server.stats().rateLimitSlipped());
  }
}
