package dev.felu.ns.dns;

import static org.junit.jupiter.api.Assertions.fail;

import dev.felu.ns.zone.ZoneTable;
import dev.felu.ns.zone.Zones;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Listeners on 127.0.0.1 and a free port, answering from {@link Zones#EXAMPLE}, on threads the test
 * can check; plus the client side helpers the listener tests share.
 */
final class RunningListeners implements AutoCloseable {
  static final Duration DEADLINE = Duration.ofSeconds(10);
  static final int READ_TIMEOUT_MILLIS = 5_000;

  final DnsListeners listeners;
  private final DaemonThreads runner = new DaemonThreads();
  final List<Thread> threads = runner.started();

  private RunningListeners(ListenerSettings settings, Responder responder) throws Exception {
    listeners = DnsListeners.start(settings, responder, runner);
  }

  static RunningListeners start(int maxTcpConnections, int tcpIdleTimeoutMillis) throws Exception {
    ZoneTable table = ZoneTable.of(1, List.of(Zones.zone("example.test.", Zones.EXAMPLE)));
    return start(maxTcpConnections, tcpIdleTimeoutMillis, new Responder(() -> table, 1232));
  }

  static RunningListeners start(
      int maxTcpConnections, int tcpIdleTimeoutMillis, Responder responder) throws Exception {
    return new RunningListeners(settings(maxTcpConnections, tcpIdleTimeoutMillis), responder);
  }

  /** Listeners answering from {@link Zones#EXAMPLE} with response rate limiting as given. */
  static RunningListeners start(RateLimitSettings rateLimit) throws Exception {
    ZoneTable table = ZoneTable.of(1, List.of(Zones.zone("example.test.", Zones.EXAMPLE)));
    return new RunningListeners(
        settings(64, 10_000).withRateLimit(rateLimit), new Responder(() -> table, 1232));
  }

  private static ListenerSettings settings(int maxTcpConnections, int tcpIdleTimeoutMillis) {
    return new ListenerSettings(
        new InetSocketAddress("127.0.0.1", 0), 1232, 2, maxTcpConnections, tcpIdleTimeoutMillis);
  }

  /** Where each listener thread is now: what a failed test needs to tell stuck from lost. */
  String describeThreads() {
    StringBuilder out = new StringBuilder();
    for (Thread t : threads) {
      out.append('\n').append(t.getName()).append(' ').append(t.getState());
      for (StackTraceElement e : t.getStackTrace()) {
        out.append("\n    at ").append(e);
      }
    }
    return out.toString();
  }

  DnsStats stats() {
    return listeners.stats();
  }

  InetSocketAddress address() throws IOException {
    return listeners.address();
  }

  Socket connect() throws IOException {
    Socket s = new Socket();
    s.setSoTimeout(READ_TIMEOUT_MILLIS);
    s.setTcpNoDelay(true);
    s.connect(address(), READ_TIMEOUT_MILLIS);
    return s;
  }

  @Override
  public void close() throws IOException {
    listeners.close();
  }

  static byte[] query(int id, String name, int type) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    q.getHeader().setID(id);
    return q.toWire();
  }

  static byte[] frame(byte[] message) {
    byte[] framed = new byte[message.length + 2];
    framed[0] = (byte) (message.length >>> 8);
    framed[1] = (byte) message.length;
    System.arraycopy(message, 0, framed, 2, message.length);
    return framed;
  }

  static void write(Socket s, byte[] bytes) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  /** Reads one framed response; fails the test when the server closed instead. */
  static Message readResponse(Socket s) throws IOException {
    DataInputStream in = new DataInputStream(s.getInputStream());
    try {
      byte[] response = new byte[in.readUnsignedShort()];
      in.readFully(response);
      return new Message(response);
    } catch (EOFException e) {
      throw new AssertionError("the server closed the connection instead of answering", e);
    }
  }

  /** True when the server closed the connection (EOF or reset) before the read timeout. */
  static boolean closedByServer(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    try {
      while (true) {
        int b = in.read();
        if (b < 0) {
          return true;
        }
        // an answer still in flight; the end follows it
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true; // reset
    }
  }

  /** Polls {@code condition} until it holds; fails with {@code message} after {@code deadline}. */
  static void await(Duration deadline, BooleanSupplier condition, Supplier<String> message) {
    long end = System.nanoTime() + deadline.toNanos();
    int polls = 0;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        fail("not reached within " + deadline + ": " + message.get());
      }
      if (++polls < 100) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(100_000); // poll interval, not a guess at how long work takes
      }
    }
  }

  static void await(BooleanSupplier condition, Supplier<String> message) {
    await(DEADLINE, condition, message);
  }
}
