package dev.felu.web.it;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A primary on a loopback port that answers every AXFR over TCP the way the test says: with a zone
 * in one message (SOA, records, SOA), cut off after its first records, or with bytes that are no
 * DNS message. For what a real primary (Knot) does, see {@code ZoneTransferImportIT}; this one
 * plays the broken primaries a real one will not.
 */
final class FakePrimary implements AutoCloseable {
  enum Mode {
    ZONE,
    TRUNCATED,
    GARBAGE
  }

  private final ServerSocket socket;
  private final Thread thread;
  private final AtomicInteger served = new AtomicInteger();

  /** While set, a transfer waits for {@link #release} (at most 30 s) before it is answered. */
  private volatile java.util.concurrent.CountDownLatch gate;

  /** {@code zone}: the SOA first, then the other records; the SOA is repeated last. */
  FakePrimary(Mode mode, List<Record> zone) throws IOException {
    socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    thread =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                  s.setSoTimeout(10_000);
                  java.util.concurrent.CountDownLatch g = gate;
                  if (g != null && !g.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    continue; // never released: the client gets no answer
                  }
                  answer(mode, zone, s);
                  served.incrementAndGet();
                } catch (IOException e) {
                  // closed, or a client that went away: next one
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "fake-primary");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Transfers from now on wait until {@link #release}: a primary that takes its time. */
  void hold() {
    gate = new java.util.concurrent.CountDownLatch(1);
  }

  /** Lets waiting and later transfers be answered. */
  void release() {
    java.util.concurrent.CountDownLatch g = gate;
    gate = null;
    if (g != null) {
      g.countDown();
    }
  }

  int served() {
    return served.get();
  }

  private static void answer(Mode mode, List<Record> zone, Socket s) throws IOException {
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] query = new byte[in.readUnsignedShort()];
    in.readFully(query);
    Message q = new Message(query);
    Message r = new Message(q.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setFlag(Flags.AA);
    r.addRecord(q.getQuestion(), Section.QUESTION);
    byte[] wire;
    switch (mode) {
      case ZONE -> {
        zone.forEach(rec -> r.addRecord(rec, Section.ANSWER));
        r.addRecord(zone.get(0), Section.ANSWER);
        wire = r.toWire();
      }
      case TRUNCATED -> {
        // the SOA and one record, then the connection ends: no closing SOA
        r.addRecord(zone.get(0), Section.ANSWER);
        r.addRecord(zone.get(1), Section.ANSWER);
        wire = r.toWire();
      }
      default -> {
        wire = new byte[200];
        new java.util.Random(7).nextBytes(wire);
      }
    }
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    out.writeShort(wire.length);
    out.write(wire);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
