package dev.felu.ns.dns;

import static dev.felu.ns.dns.RunningListeners.await;
import static dev.felu.ns.dns.RunningListeners.closedByServer;
import static dev.felu.ns.dns.RunningListeners.frame;
import static dev.felu.ns.dns.RunningListeners.query;
import static dev.felu.ns.dns.RunningListeners.readResponse;
import static dev.felu.ns.dns.RunningListeners.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.zone.ZoneTable;
import dev.felu.ns.zone.Zones;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** DNS over TCP against real sockets: framing, pipelining, and clients that misbehave. */
class TcpListenerTest {
  private RunningListeners server;
  private final List<Socket> clients = new ArrayList<>();
  private final List<SocketChannel> channels = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Socket s : clients) {
      s.close();
    }
    for (SocketChannel ch : channels) {
      ch.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Socket connect() throws Exception {
    Socket s = server.connect();
    clients.add(s);
    return s;
  }

  private static void assertAnswersWww(Message r, int id) {
    assertEquals(id, r.getHeader().getID());
    assertEquals(Rcode.NOERROR, r.getRcode());
    assertTrue(r.getHeader().getFlag(Flags.AA));
    assertEquals(
        "192.0.2.10",
        ((ARecord) r.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
  }

  @Test
  void answersPipelinedQueriesInOrder() throws Exception {
    server = RunningListeners.start(64, 10_000);
    Socket s = connect();
    String[] names = {"www", "alias", "ns1", "nothing", "a.b.c"};
    ByteArrayOutputStream five = new ByteArrayOutputStream();
    for (int i = 0; i < names.length; i++) {
      five.write(frame(query(1000 + i, names[i] + ".example.test.", Type.A)));
    }
    write(s, five.toByteArray()); // one write: the server sees the frames in one or few reads

    for (int i = 0; i < names.length; i++) {
      Message r = readResponse(s);
      assertEquals(1000 + i, r.getHeader().getID(), "answers come in query order");
      assertEquals(names[i] + ".example.test.", r.getQuestion().getName().toString());
    }
    assertAnswersWww(readResponseTo(s, 1005, "www"), 1005);
    assertEquals(6, server.stats().answered());
  }

  private static Message readResponseTo(Socket s, int id, String name) throws Exception {
    write(s, frame(query(id, name + ".example.test.", Type.A)));
    return readResponse(s);
  }

  @Test
  void answersAFrameDeliveredOneByteAtATime() throws Exception {
    server = RunningListeners.start(64, 10_000);
    Socket s = connect();
    byte[] framed = frame(query(4242, "www.example.test.", Type.A));
    for (int i = 0; i < framed.length; i++) {
      write(s, new byte[] {framed[i]}); // TCP_NODELAY: one segment per byte
    }
    assertAnswersWww(readResponse(s), 4242);
  }

  @Test
  void closesASilentConnectionAfterTheIdleTimeout() throws Exception {
    server = RunningListeners.start(64, 300);
    Socket s = connect();
    assertAnswersWww(readResponseTo(s, 7, "www"), 7);
    long answeredAt = System.nanoTime();

    assertTrue(closedByServer(s), "closed within the read timeout");
    long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answeredAt);
    assertTrue(silentMillis >= 250, "not closed before the timeout, but after " + silentMillis);
    await(
        () -> server.stats().tcpConnectionsTimedOut() == 1,
        () -> "timed out count: " + server.stats());
    await(() -> server.stats().tcpConnectionsOpen() == 0, () -> "open: " + server.stats());
  }

  @Test
  void atTheConnectionLimitClosesTheLongestIdleConnectionToServeANewcomer() throws Exception {
    server = RunningListeners.start(4, 10_000);
    List<Socket> silent = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      silent.add(connect());
      int opened = i;
      // one at a time, so that the server's idleness order is the order of connecting
      await(() -> server.stats().tcpConnectionsOpen() == opened, () -> "open: " + server.stats());
    }

    Socket newcomer = connect();
    assertAnswersWww(readResponseTo(newcomer, 5, "www"), 5);

    assertTrue(closedByServer(silent.get(0)), "the first (idle longest) connection is closed");
    assertEquals(1, server.stats().tcpConnectionsEvicted());
    assertEquals(4, server.stats().tcpConnectionsOpen());
    assertAnswersWww(readResponseTo(silent.get(3), 6, "www"), 6); // the others stay served
  }

  @Test
  void aClientThatNeverReadsIsThrottledWithoutDelayingOthers() throws Exception {
    // about 4 KB per answer, so that the socket buffers fill after hundreds of queries, not
    // 100,000s
    StringBuilder zone = new StringBuilder(Zones.EXAMPLE);
    for (int i = 0; i < 16; i++) {
      zone.append("big 300 IN TXT \"").append(String.valueOf(i % 10).repeat(250)).append("\"\n");
    }
    ZoneTable table = ZoneTable.of(1, List.of(Zones.zone("example.test.", zone.toString())));
    server = RunningListeners.start(64, 10_000, new Responder(() -> table, 1232));
    SocketChannel greedy = SocketChannel.open();
    channels.add(greedy);
    greedy.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // a small window fills fast
    greedy.connect(server.address());
    greedy.configureBlocking(false);

    // write queries and read nothing until the server stops reading this connection
    byte[] one = frame(query(0, "big.example.test.", Type.TXT));
    ByteBuffer pending = ByteBuffer.allocate(0);
    int[] framesStarted = {0};
    ByteBuffer[] current = {pending};
    await(
        () -> {
          try {
            // a few queries per poll, so that we stop soon after the server throttles us
            for (int batch = 0; batch < 8; batch++) {
              if (!current[0].hasRemaining()) {
                byte[] next = one.clone();
                next[2] = (byte) (framesStarted[0] >>> 8); // the ID: frame number
                next[3] = (byte) framesStarted[0];
                current[0] = ByteBuffer.wrap(next);
                framesStarted[0]++;
              }
              if (greedy.write(current[0]) == 0) {
                break; // our socket is full
              }
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return server.stats().tcpConnectionsThrottled() == 1;
        },
        () -> "throttled after " + framesStarted[0] + " queries: " + server.stats());
    assertTrue(
        server.stats().received() < framesStarted[0],
        "the server stopped taking this client's input");

    System.out.printf(
        "throttled a client that never reads after %d queries (%s)%n",
        framesStarted[0], server.stats());
    // meanwhile another client is answered at once
    Socket other = connect();
    assertAnswersWww(readResponseTo(other, 99, "www"), 99);

    // once the greedy client reads, it gets every answer, in order, and nothing is lost
    ByteBuffer in = ByteBuffer.allocate(256 * 1024);
    int[] answers = {0};
    int expected = framesStarted[0];
    await(
        () -> {
          try {
            if (current[0].hasRemaining()) {
              greedy.write(current[0]);
            }
            greedy.read(in);
            in.flip();
            while (in.remaining() >= 2 && in.remaining() >= 2 + in.getShort(in.position())) {
              int length = in.getShort() & 0xFFFF;
              int id = in.getShort(in.position()) & 0xFFFF;
              assertEquals(answers[0] & 0xFFFF, id, "answer " + answers[0] + " in order");
              in.position(in.position() + length);
              answers[0]++;
            }
            in.compact();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return answers[0] == expected;
        },
        () -> answers[0] + " of " + expected + " answers read; " + server.stats());
    await(
        () -> server.stats().tcpConnectionsThrottled() == 0,
        () -> "no longer throttled: " + server.stats());
    assertEquals(0, server.stats().failures());
  }

  @Test
  void closesTheConnectionOnAnEmptyOrShortFrameAfterAnsweringWhatCameBefore() throws Exception {
    server = RunningListeners.start(64, 10_000);
    Socket empty = connect();
    ByteArrayOutputStream queryThenEmpty = new ByteArrayOutputStream();
    queryThenEmpty.write(frame(query(1, "www.example.test.", Type.A)));
    queryThenEmpty.write(new byte[] {0, 0});
    write(empty, queryThenEmpty.toByteArray());
    assertAnswersWww(readResponse(empty), 1);
    assertTrue(closedByServer(empty));

    Socket shortFrame = connect();
    write(shortFrame, new byte[] {0, 11, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0});
    assertTrue(closedByServer(shortFrame));
    assertEquals(2, server.stats().dropped());
  }

  @Test
  void closesTheConnectionWhenTheResponderDropsAQuery() throws Exception {
    server = RunningListeners.start(64, 10_000);
    Socket s = connect();
    byte[] response = query(3, "www.example.test.", Type.A);
    response[2] |= (byte) 0x80; // QR: a response, which a server must not answer
    write(s, frame(response));
    assertTrue(closedByServer(s));
    assertEquals(1, server.stats().dropped());
  }

  @Test
  void closesTheConnectionOnAResponderFailureAndGoesOnServing() throws Exception {
    server =
        RunningListeners.start(
            64,
            10_000,
            new Responder(
                () -> {
                  throw new IllegalStateException("broken on purpose");
                },
                1232));
    for (int i = 1; i <= 2; i++) {
      Socket s = connect();
      write(s, frame(query(i, "www.example.test.", Type.A)));
      assertTrue(closedByServer(s));
      assertEquals(i, server.stats().failures());
    }
    assertTrue(server.threads.stream().allMatch(Thread::isAlive));
  }

  @Test
  void closeClosesOpenConnectionsAndEndsTheLoop() throws Exception {
    server = RunningListeners.start(64, 10_000);
    List<Socket> open = List.of(connect(), connect(), connect());
    await(() -> server.stats().tcpConnectionsOpen() == 3, () -> "open: " + server.stats());

    server.close();

    for (Socket s : open) {
      assertTrue(closedByServer(s), "closed by close()");
    }
    Thread selector =
        server.threads.stream().filter(t -> t.getName().equals("dns-tcp")).findFirst().get();
    selector.join(RunningListeners.READ_TIMEOUT_MILLIS);
    assertFalse(selector.isAlive(), "the selector loop ended");
    assertEquals(0, server.stats().tcpConnectionsOpen());
  }
}
