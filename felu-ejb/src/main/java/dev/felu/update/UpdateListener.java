package dev.felu.update;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The UPDATE endpoint's sockets, as plain Java: one UDP socket and one TCP listening socket on the
 * same address and port, their loops and each TCP connection on threads of the given factory (in
 * the container, Jakarta Concurrency's managed thread factory). Bounded: a UDP request of more than
 * {@link #UDP_MAX} bytes is dropped; a TCP message is at most 65,535 bytes (its length prefix); at
 * most {@code maxConnections} TCP connections at once (more are closed at once); a connection that
 * sends nothing for {@code readTimeout} is closed, and so is one that does not take a message of an
 * answer within the same time (a client that stops reading a zone transfer): a watchdog thread
 * closes its socket, which ends the blocked write, so no thread waits on a client for longer.
 * Requests on one socket are answered in order; all of them meet again at the config head lock.
 */
public final class UpdateListener implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(UpdateListener.class.getName());

  /** The largest UDP request taken (an EDNS buffer size many clients use). */
  static final int UDP_MAX = 4096;

  /**
   * Where and how much.
   *
   * @param port 0 picks a free one (tests)
   */
  public record Settings(InetAddress address, int port, int maxConnections, Duration readTimeout) {}

  /**
   * A TCP request's answer: one message or more (a zone transfer's), written in order; closed once
   * written or when the connection ends first.
   */
  public interface Answer extends Iterator<byte[]>, AutoCloseable {
    @Override
    void close();

    /** One message. */
    static Answer of(byte[] message) {
      Iterator<byte[]> one = List.of(message).iterator();
      return new Answer() {
        @Override
        public boolean hasNext() {
          return one.hasNext();
        }

        @Override
        public byte[] next() {
          return one.next();
        }

        @Override
        public void close() {}
      };
    }
  }

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Semaphore connections;
  private final Duration readTimeout;
  private final BiFunction<byte[], InetAddress, byte[]> handler;
  private final BiFunction<byte[], InetAddress, Answer> tcpHandler;

  /** Sockets being written to, with the time by which the write must end. */
  private final Map<Socket, Long> writing = new ConcurrentHashMap<>();

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final ThreadFactory threads;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private UpdateListener(
      Settings settings,
      ThreadFactory threads,
      BiFunction<byte[], InetAddress, byte[]> handler,
      BiFunction<byte[], InetAddress, Answer> tcpHandler)
      throws IOException {
    this.threads = threads;
    this.handler = handler;
    this.tcpHandler = tcpHandler;
    this.connections = new Semaphore(settings.maxConnections());
    this.readTimeout = settings.readTimeout();
    tcp = new ServerSocket();
    tcp.setReuseAddress(true);
    tcp.bind(new InetSocketAddress(settings.address(), settings.port()), 50);
    try {
      udp = new DatagramSocket(new InetSocketAddress(settings.address(), tcp.getLocalPort()));
    } catch (IOException e) {
      tcp.close();
      throw e;
    }
  }

  /**
   * Binds both sockets and starts their loops.
   *
   * @param handler a request's bytes and sender → the answer's bytes, or null for none
   */
  public static UpdateListener start(
      Settings settings, ThreadFactory threads, BiFunction<byte[], InetAddress, byte[]> handler)
      throws IOException {
    return start(
        settings,
        threads,
        handler,
        (request, from) -> {
          byte[] answer = handler.apply(request, from);
          return answer == null ? null : Answer.of(answer);
        });
  }

  /**
   * As {@link #start(Settings, ThreadFactory, BiFunction)}, TCP requests answered by {@code
   * tcpHandler}, which may answer with many messages (a zone transfer, {@link UpdateTransfers}).
   */
  public static UpdateListener start(
      Settings settings,
      ThreadFactory threads,
      BiFunction<byte[], InetAddress, byte[]> handler,
      BiFunction<byte[], InetAddress, Answer> tcpHandler)
      throws IOException {
    UpdateListener l = new UpdateListener(settings, threads, handler, tcpHandler);
    l.thread(l::udpLoop, "felu-update-udp").start();
    l.thread(l::acceptLoop, "felu-update-tcp").start();
    l.thread(l::watchWrites, "felu-update-tcp-watch").start();
    return l;
  }

  public int port() {
    return tcp.getLocalPort();
  }

  private Thread thread(Runnable r, String name) {
    Thread t = threads.newThread(r);
    try {
      t.setName(name);
    } catch (SecurityException e) {
      // a managed thread may keep its own name
    }
    return t;
  }

  private void udpLoop() {
    byte[] buffer = new byte[UDP_MAX + 1];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(packet);
        if (packet.getLength() > UDP_MAX) {
          continue;
        }
        byte[] request = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
        byte[] answer = answer(request, packet.getAddress());
        if (answer != null) {
          udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
        }
      } catch (IOException e) {
        if (!closed) {
          LOG.log(Level.FINE, "UDP receive or send failed", e);
        }
      }
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = tcp.accept();
      } catch (IOException e) {
        if (closed || tcp.isClosed()) {
          return;
        }
        LOG.log(Level.WARNING, "TCP accept failed", e);
        continue;
      }
      if (!connections.tryAcquire()) {
        closeQuietly(s);
        continue;
      }
      open.add(s);
      try {
        thread(() -> serve(s), "felu-update-tcp-conn").start();
      } catch (RuntimeException e) {
        open.remove(s);
        connections.release();
        closeQuietly(s);
        LOG.log(Level.WARNING, "no thread for a TCP connection", e);
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout((int) Math.max(1, readTimeout.toMillis()));
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (!closed) {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (EOFException | SocketTimeoutException e) {
          return;
        }
        byte[] request = new byte[length];
        in.readFully(request);
        Answer answer = tcpAnswer(request, s.getInetAddress());
        if (answer == null) {
          return;
        }
        try (answer) {
          while (answer.hasNext()) {
            write(s, out, answer.next());
          }
        }
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "TCP connection ended", e);
    } finally {
      open.remove(s);
      connections.release();
    }
  }

  /** Writes one framed message, within the read timeout (else the watchdog closes the socket). */
  private void write(Socket s, OutputStream out, byte[] message) throws IOException {
    byte[] framed = new byte[message.length + 2];
    framed[0] = (byte) (message.length >>> 8);
    framed[1] = (byte) message.length;
    System.arraycopy(message, 0, framed, 2, message.length);
    writing.put(s, System.nanoTime() + readTimeout.toNanos());
    try {
      out.write(framed);
      out.flush();
    } finally {
      writing.remove(s);
    }
  }

  /**
   * Closes every socket whose write is past its deadline, checking a few times per timeout until
   * the listener closes.
   */
  private void watchWrites() {
    long period = Math.max(50, Math.min(1000, readTimeout.toMillis() / 4));
    try {
      while (!stopped.await(period, TimeUnit.MILLISECONDS)) {
        long now = System.nanoTime();
        writing.forEach(
            (s, until) -> {
              if (now - until > 0) {
                LOG.fine(() -> "closing a TCP connection that stopped reading: " + s);
                closeQuietly(s);
              }
            });
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Answer tcpAnswer(byte[] request, InetAddress from) {
    try {
      return tcpHandler.apply(request, from);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "an UPDATE request could not be answered", e);
      return null;
    }
  }

  /** Connections open now (tests: a dropped client is gone). */
  int openConnections() {
    return open.size();
  }

  private byte[] answer(byte[] request, InetAddress from) {
    try {
      return handler.apply(request, from);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "an UPDATE request could not be answered", e);
      return null;
    }
  }

  /** Closes both sockets and every open connection; the loops end. */
  @Override
  public void close() {
    closed = true;
    stopped.countDown();
    udp.close();
    closeQuietly(tcp);
    open.forEach(UpdateListener::closeQuietly);
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing
    }
  }
}
