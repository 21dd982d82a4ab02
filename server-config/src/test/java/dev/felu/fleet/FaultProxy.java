package dev.felu.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback between the management server and a nameserver's config endpoint. While
 * faults are on it refuses some connections, delays bytes, cuts connections in the middle of a
 * message (after forwarding only part of what it read), and stalls some before cutting them — what
 * a flaky WAN or a crashing middlebox does to the config link. Seeded, so a failure can be
 * replayed.
 *
 * <p>Two stalls beside the faults: a black hole accepts TCP connections and never answers (the TLS
 * and WebSocket handshake hang), and muting swallows everything the nameserver sends on the
 * connections open at that moment (requests arrive, replies never do).
 */
final class FaultProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Random random;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean faults;
  private volatile boolean blackhole;
  private volatile long mutedUpTo;
  final AtomicLong connections = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  final AtomicLong cuts = new AtomicLong();
  final AtomicLong delays = new AtomicLong();

  FaultProxy(int targetPort, long seed) throws IOException {
    this.target = new InetSocketAddress(FleetOptions.HOST, targetPort);
    this.random = new Random(seed);
    this.server = new ServerSocket(0, 50, InetAddress.getByName(FleetOptions.HOST));
    Thread accept = new Thread(this::accept, "fault-proxy-" + targetPort);
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Turns fault injection on or off; off, the proxy forwards faithfully. */
  void faults(boolean on) {
    faults = on;
  }

  /** On: new connections are accepted and never answered. Off: forwarded again. */
  void blackhole(boolean on) {
    blackhole = on;
  }

  /**
   * From now on nothing the nameserver sends on the connections open now reaches the management
   * server; connections made later are forwarded.
   */
  void muteOpenConnections() {
    mutedUpTo = connections.get();
  }

  /** Cuts every open connection at once, as a network partition would. */
  void cutAll() {
    open.forEach(FaultProxy::closeQuietly);
  }

  private synchronized int roll(int bound) {
    return random.nextInt(bound);
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      long id = connections.incrementAndGet();
      if (blackhole) {
        open.add(client); // held open, never read, never answered; closed by cutAll or close
        continue;
      }
      if (faults && roll(100) < 10) {
        refused.incrementAndGet();
        closeQuietly(client);
        continue;
      }
      try {
        Socket upstream = new Socket();
        upstream.connect(target, 5000);
        open.add(client);
        open.add(upstream);
        pump(client, upstream, "up", 0);
        pump(upstream, client, "down", id);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  /** Copies one direction; {@code id} is the connection's when it is the nameserver's replies. */
  private void pump(Socket from, Socket to, String direction, long id) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (from;
                  to) {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  if (id > 0 && id <= mutedUpTo) {
                    continue; // muted: read and dropped, so the nameserver never blocks
                  }
                  if (faults) {
                    int dice = roll(1000);
                    if (dice < 15) {
                      // cut mid-message: part of what was read goes through, then the connection
                      // dies
                      out.write(buffer, 0, roll(n + 1));
                      out.flush();
                      cuts.incrementAndGet();
                      return;
                    } else if (dice < 20) {
                      // stall, then cut: the peer sees silence, not a closed connection
                      Thread.sleep(500 + roll(1500));
                      cuts.incrementAndGet();
                      return;
                    } else if (dice < 120) {
                      delays.incrementAndGet();
                      Thread.sleep(roll(200)); // the fault injected: latency, not a wait
                    }
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (SocketException e) {
                // the other direction or a cut closed the sockets
              } catch (IOException | InterruptedException e) {
                // the connection ends either way
              } finally {
                open.remove(from);
                open.remove(to);
              }
            },
            "fault-proxy-" + direction);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    cutAll();
  }
}
