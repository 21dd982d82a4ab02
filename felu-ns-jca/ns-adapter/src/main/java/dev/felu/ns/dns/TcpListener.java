package dev.felu.ns.dns;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * DNS over TCP (RFC 7766): two-byte length framing, several queries per connection answered in
 * order, an idle timeout, and a bound on open connections so that slow clients cannot take all
 * threads. A connection over the bound is closed at once.
 */
final class TcpListener implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TcpListener.class.getName());
  private final ServerSocket server;
  private final Responder responder;
  private final TaskRunner runner;
  private final Semaphore slots;
  private final int idleTimeoutMillis;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  TcpListener(
      InetSocketAddress address,
      Responder responder,
      TaskRunner runner,
      int maxConnections,
      int idleTimeoutMillis)
      throws IOException {
    this.responder = responder;
    this.runner = runner;
    this.slots = new Semaphore(maxConnections);
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(address, 128);
    } catch (IOException e) {
      server.close();
      throw new IOException("cannot bind DNS/TCP to " + address + ": " + e.getMessage(), e);
    }
  }

  void serve() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
        LOG.log(Level.FINE, "accept failed", e);
        continue;
      }
      if (!slots.tryAcquire()) {
        closeQuietly(socket);
        continue;
      }
      open.add(socket);
      try {
        runner.start("dns-tcp-connection", () -> handle(socket));
      } catch (Exception e) {
        release(socket);
        LOG.log(Level.WARNING, "no thread for a TCP connection: " + e.getMessage());
      }
    }
  }

  private void handle(Socket socket) {
    try (socket) {
      socket.setSoTimeout(idleTimeoutMillis);
      socket.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        int length = in.readUnsignedShort();
        byte[] query = new byte[length];
        in.readFully(query);
        byte[] response = responder.respond(query, length, false);
        if (response == null) {
          return; // nothing sensible to say: close, as RFC 7766 §6.2.1 allows
        }
        byte[] framed = new byte[response.length + 2];
        framed[0] = (byte) (response.length >>> 8);
        framed[1] = (byte) response.length;
        System.arraycopy(response, 0, framed, 2, response.length);
        out.write(framed);
        out.flush();
      }
    } catch (EOFException | SocketTimeoutException | SocketException e) {
      // client went away or stayed idle too long: normal end of a connection
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "TCP connection failed", e);
    } finally {
      release(socket);
    }
  }

  private void release(Socket socket) {
    if (open.remove(socket)) {
      slots.release();
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      closeQuietly(s);
    }
  }
}
