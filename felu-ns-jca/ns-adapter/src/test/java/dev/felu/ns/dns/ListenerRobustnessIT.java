package dev.felu.ns.dns;

import static dev.felu.ns.dns.RunningListeners.await;
import static dev.felu.ns.dns.RunningListeners.frame;
import static dev.felu.ns.dns.RunningListeners.query;
import static dev.felu.ns.dns.RunningListeners.readResponse;
import static dev.felu.ns.dns.RunningListeners.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Throws random and mutated packets at the running listeners: every one must be answered or
 * dropped, the responder must never throw, and no listener thread may die. The seed is printed and
 * can be set with {@code -Dfelu.fuzz.seed=...} to replay a failure.
 */
class ListenerRobustnessIT {
  private static final int UDP_PACKETS = 100_000;
  private static final int TCP_PACKETS = 3_000;
  private static final int BURST = 200;

  private RunningListeners server;
  private int emptyDatagrams;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void survivesRandomAndMutatedPacketsOverUdpAndTcp() throws Exception {
    long seed = Long.getLong("felu.fuzz.seed", System.nanoTime());
    System.out.println(
        "ListenerRobustnessIT seed: " + seed + " (replay: -Dfelu.fuzz.seed=" + seed + ")");
    Random rnd = new Random(seed);
    Mutator mutator = new Mutator(rnd);
    server = RunningListeners.start(64, 10_000);
    DnsStats stats = server.stats();

    long start = System.nanoTime();
    // a DatagramSocket, since DatagramChannel.write silently skips empty datagrams; the answers
    // are not read: the kernel drops them once our receive buffer is full
    try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      udp.connect(server.address());
      int sent = 0;
      while (sent < UDP_PACKETS) {
        for (int i = 0; i < BURST && sent < UDP_PACKETS; i++, sent++) {
          byte[] packet = mutator.next();
          udp.send(new DatagramPacket(packet, packet.length));
          if (packet.length == 0) {
            // sent, but a blocking DatagramChannel.receive (JDK 17) skips empty datagrams: the
            // listener never sees them, which is as good as dropping them
            emptyDatagrams++;
          }
        }
        int expected = sent - emptyDatagrams;
        // pace by the server's count, so no packet is lost to a full socket buffer
        await(
            Duration.ofSeconds(20),
            () -> stats.received() >= expected,
            () ->
                "the UDP listener received "
                    + stats.received()
                    + " of "
                    + expected
                    + " packets (lost, or a worker is stuck); seed "
                    + seed
                    + "; listener threads: "
                    + server.describeThreads());
      }
    }
    long udpMillis = (System.nanoTime() - start) / 1_000_000;
    long udpAnswered = stats.answered();
    long udpDropped = stats.dropped();

    start = System.nanoTime();
    int[] tcp = sendOverTcp(mutator);
    long tcpMillis = (System.nanoTime() - start) / 1_000_000;

    System.out.printf(
        "UDP: %d packets (%d empty) in %d ms, %d answered, %d dropped; TCP: %d frames on %d connections in %d"
            + " ms, %d answered, %d closed the connection; totals: %s%n",
        UDP_PACKETS,
        emptyDatagrams,
        udpMillis,
        udpAnswered,
        udpDropped,
        TCP_PACKETS,
        tcp[0],
        tcpMillis,
        tcp[1],
        TCP_PACKETS - tcp[1],
        stats);

    assertEquals(0, stats.failures(), "responder failures (see the WARNING logs); seed " + seed);
    assertEquals(UDP_PACKETS - emptyDatagrams + TCP_PACKETS, stats.received());
    assertEquals(stats.received(), stats.answered() + stats.dropped() + stats.failures());
    for (Thread t : server.threads) {
      assertTrue(t.isAlive(), t.getName() + " is still running");
    }
    assertStillAnswers();
  }

  /**
   * Sends each frame and waits for its answer or the end of the connection, reconnecting after an
   * end; so frames after a dropped one are not lost unseen. Returns {connections, answered}.
   */
  private int[] sendOverTcp(Mutator mutator) throws IOException {
    int connections = 0;
    int answered = 0;
    Socket s = null;
    try {
      for (int i = 0; i < TCP_PACKETS; i++) {
        if (s == null) {
          s = server.connect();
          connections++;
        }
        byte[] packet = mutator.next();
        if (packet.length > 0xFFFF) {
          packet = Arrays.copyOf(packet, 0xFFFF);
        }
        write(s, frame(packet));
        DataInputStream in = new DataInputStream(s.getInputStream());
        try {
          byte[] response = new byte[in.readUnsignedShort()];
          in.readFully(response);
          assertTrue(response.length >= 12, "an answer holds at least a header");
          assertEquals(packet[0], response[0], "the answer carries the query's ID");
          assertEquals(packet[1], response[1], "the answer carries the query's ID");
          answered++;
        } catch (EOFException | SocketException closed) {
          s.close();
          s = null;
        }
      }
    } finally {
      if (s != null) {
        s.close();
      }
    }
    return new int[] {connections, answered};
  }

  private void assertStillAnswers() throws Exception {
    try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      udp.connect(server.address());
      udp.setSoTimeout(RunningListeners.READ_TIMEOUT_MILLIS);
      byte[] q = query(4711, "www.example.test.", Type.A);
      udp.send(new DatagramPacket(q, q.length));
      DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
      udp.receive(p);
      assertAnswersWww(new Message(Arrays.copyOf(p.getData(), p.getLength())), 4711);
    }
    try (Socket s = server.connect()) {
      write(s, frame(query(4712, "www.example.test.", Type.A)));
      assertAnswersWww(readResponse(s), 4712);
    }
  }

  private static void assertAnswersWww(Message r, int id) {
    assertEquals(id, r.getHeader().getID());
    assertEquals(Rcode.NOERROR, r.getRcode());
    assertEquals(
        "192.0.2.10",
        ((ARecord) r.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
  }

  /** Random packets, and valid queries broken in the ways parsers tend to trip over. */
  static final class Mutator {
    private final Random rnd;
    private final List<byte[]> valid = new ArrayList<>();

    Mutator(Random rnd) throws IOException {
      this.rnd = rnd;
      String[] names = {
        "www.example.test.", "alias.example.test.", "loop1.example.test.", "a.b.c.example.test.",
        "nothing.example.test.", "example.test.", "www.elsewhere.test.", "."
      };
      int[] types = {
        Type.A, Type.AAAA, Type.TXT, Type.SOA, Type.NS, Type.ANY, Type.AXFR, Type.CNAME
      };
      for (String name : names) {
        for (int type : types) {
          Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
          valid.add(q.toWire());
          q.addRecord(new OPTRecord(4096, 0, 0, 0x8000), Section.ADDITIONAL);
          valid.add(q.toWire());
        }
      }
    }

    byte[] next() {
      if (rnd.nextInt(4) == 0) {
        byte[] random = new byte[rnd.nextInt(601)];
        rnd.nextBytes(random);
        return random;
      }
      byte[] p = valid.get(rnd.nextInt(valid.size())).clone();
      int mutations = 1 + rnd.nextInt(3);
      for (int i = 0; i < mutations; i++) {
        p = mutate(p);
      }
      return p;
    }

    /** Offset just past the question name of a packet we built (no pointers there). */
    private static int afterQname(byte[] p) {
      int i = 12;
      while (i < p.length && p[i] != 0 && (p[i] & 0xC0) == 0) {
        i += 1 + (p[i] & 0xFF);
      }
      return Math.min(i + 1, p.length);
    }

    private byte[] mutate(byte[] p) {
      switch (rnd.nextInt(16)) {
        case 0: // flip bits
          for (int n = 1 + rnd.nextInt(8); n > 0 && p.length > 0; n--) {
            p[rnd.nextInt(p.length)] ^= (byte) (1 << rnd.nextInt(8));
          }
          return p;
        case 1: // overwrite bytes
          for (int n = 1 + rnd.nextInt(4); n > 0 && p.length > 0; n--) {
            p[rnd.nextInt(p.length)] = (byte) rnd.nextInt(256);
          }
          return p;
        case 2: // truncate in the header or the question
          return Arrays.copyOf(p, rnd.nextInt(Math.max(1, Math.min(p.length, afterQname(p) + 4))));
        case 3: // truncate anywhere
          return Arrays.copyOf(p, rnd.nextInt(p.length + 1));
        case 4: // a label longer than 63 (or an extended label type)
          if (p.length > 12) {
            p[12] = (byte) (64 + rnd.nextInt(128));
          }
          return p;
        case 5: // compression pointers that loop, point forward or point out of the packet
          return withPointer(p);
        case 6: // huge section counts
          if (p.length >= 12) {
            int at = 4 + 2 * rnd.nextInt(4);
            int count = rnd.nextBoolean() ? 0xFFFF : rnd.nextInt(0x10000);
            p[at] = (byte) (count >>> 8);
            p[at + 1] = (byte) count;
          }
          return p;
        case 7: // a second OPT record
          return withOpt(p, new byte[0]);
        case 8: // an OPT record with garbage options
          byte[] garbage = new byte[rnd.nextInt(40)];
          rnd.nextBytes(garbage);
          return withOpt(p, garbage);
        case 9: // QR set: a response
          if (p.length > 2) {
            p[2] |= (byte) 0x80;
          }
          return p;
        case 10: // random opcode
          if (p.length > 2) {
            p[2] = (byte) ((p[2] & 0x87) | (rnd.nextInt(16) << 3));
          }
          return p;
        case 11: // random qtype
          return setQuestionField(p, 0);
        case 12: // random qclass
          return setQuestionField(p, 2);
        case 13: // trailing garbage
          byte[] longer = Arrays.copyOf(p, p.length + 1 + rnd.nextInt(64));
          for (int i = p.length; i < longer.length; i++) {
            longer[i] = (byte) rnd.nextInt(256);
          }
          return longer;
        case 14: // well-formed OPT with a known option of the wrong length
          return withOpt(p, new byte[] {0, 8, 0, 3, 0, 1, 24}); // ECS family 1, prefix 24, no bytes
        default: // random header flags and rcode
          if (p.length > 3) {
            p[2] ^= (byte) rnd.nextInt(256);
            p[3] = (byte) rnd.nextInt(256);
          }
          return p;
      }
    }

    private byte[] setQuestionField(byte[] p, int offsetAfterName) {
      int at = afterQname(p) + offsetAfterName;
      if (at + 1 < p.length) {
        int value = rnd.nextBoolean() ? rnd.nextInt(0x10000) : rnd.nextInt(300);
        p[at] = (byte) (value >>> 8);
        p[at + 1] = (byte) value;
      }
      return p;
    }

    private byte[] withPointer(byte[] p) {
      if (p.length <= 13) {
        return p;
      }
      int end = afterQname(p);
      int target =
          switch (rnd.nextInt(4)) {
            case 0 -> 12; // to itself: a loop
            case 1 -> end + rnd.nextInt(8); // forward
            case 2 -> p.length + rnd.nextInt(0x3FFF - p.length); // out of the packet
            default -> rnd.nextInt(0x4000);
          };
      int at = 12 + rnd.nextInt(Math.max(1, end - 13));
      p[at] = (byte) (0xC0 | (target >>> 8));
      p[at + 1] = (byte) target;
      if (rnd.nextBoolean() && at + 3 < p.length) {
        p[at + 2] = (byte) 0xC0; // and a second pointer back to the first: a two-step loop
        p[at + 3] = (byte) at;
      }
      return p;
    }

    /** Appends an OPT record with the given RDATA and counts it in ARCOUNT. */
    private byte[] withOpt(byte[] p, byte[] rdata) {
      if (p.length < 12) {
        return p;
      }
      ByteBuffer b = ByteBuffer.allocate(p.length + 11 + rdata.length);
      b.put(p).put((byte) 0).putShort((short) Type.OPT).putShort((short) rnd.nextInt(0x10000));
      b.putInt(rnd.nextInt(4) == 0 ? rnd.nextInt() : 0);
      int rdlength = rnd.nextInt(8) == 0 ? rnd.nextInt(0x10000) : rdata.length;
      b.putShort((short) rdlength).put(rdata);
      byte[] out = b.array();
      int ar = (((out[10] & 0xFF) << 8) | (out[11] & 0xFF)) + 1;
      out[10] = (byte) (ar >>> 8);
      out[11] = (byte) ar;
      return out;
    }
  }
}
