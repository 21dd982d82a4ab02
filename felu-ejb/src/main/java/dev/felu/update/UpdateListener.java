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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The UPDATE endpoint's sockets, as plain Java: one UDP socket and one TCP listening socket on the
 * same address and port, their loops and each TCP connection on threads of the given factory (in
 * the container, Jakarta Concurrency's managed thread factory). Bounded: a UDP request of more than
 * {@link #UDP_MAX} bytes is dropped; a TCP message is at most 65,535 bytes (its length prefix); at
 * most {@code maxConnections} TCP connections at once (more are closed at once); a connection that
 * sends nothing for {@code readTimeout} is closed. Requests on one socket are answered in order;
 * all of them meet again at the config head lock.
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

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Semaphore connections;
  private final Duration readTimeout;
  private final BiFunction<byte[], InetAddress, byte[]> handler;
  private final ThreadFactory threads;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private UpdateListener(
      Settings settings, ThreadFactory threads, BiFunction<byte[], InetAddress, byte[]> handler)
      throws IOException {
    this.threads = threads;
    this.handler = handler;
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
    UpdateListener l = new UpdateListener(settings, threads, handler);
    l.thread(l::udpLoop, "felu-update-udp").start();
    l.thread(l::acceptLoop, "felu-update-tcp").start();
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
        byte[] answer = answer(request, s.getInetAddress());
        if (answer == null) {
          return;
        }
        byte[] framed = new byte[answer.length + 2];
        framed[0] = (byte) (answer.length >>> 8);
        framed[1] = (byte) answer.length;
        System.arraycopy(answer, 0, framed, 2, answer.length);
        out.write(framed);
        out.flush();
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "TCP connection ended", e);
    } finally {
      open.remove(s);
      connections.release();
    }
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
