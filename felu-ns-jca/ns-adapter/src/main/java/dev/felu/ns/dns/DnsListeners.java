package dev.felu.ns.dns;

import dev.felu.ns.xfr.Transfers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The UDP and TCP listeners of one nameserver, started and stopped together. */
public final class DnsListeners implements AutoCloseable {
  private final UdpListener udp;
  private final TcpListener tcp;
  private final DnsStats stats;

  /** Loops that returned although the listeners were not closed: DNS no longer fully served. */
  private final Set<String> endedLoops = ConcurrentHashMap.newKeySet();

  private volatile boolean closed;

  private DnsListeners(UdpListener udp, TcpListener tcp, DnsStats stats) {
    this.udp = udp;
    this.tcp = tcp;
    this.stats = stats;
  }

  /** Binds both sockets, then starts their loops; on any failure nothing stays bound. */
  public static DnsListeners start(
      ListenerSettings settings, Responder responder, TaskRunner runner) throws Exception {
    return start(settings, responder, runner, new DnsStats());
  }

  /** As {@link #start(ListenerSettings, Responder, TaskRunner)}, counting into {@code stats}. */
  public static DnsListeners start(
      ListenerSettings settings, Responder responder, TaskRunner runner, DnsStats stats)
      throws Exception {
    return start(settings, responder, runner, stats, null);
  }

  /**
   * As {@link #start(ListenerSettings, Responder, TaskRunner, DnsStats)}, answering AXFR and IXFR
   * through {@code transfers} (null: refused).
   */
  public static DnsListeners start(
      ListenerSettings settings,
      Responder responder,
      TaskRunner runner,
      DnsStats stats,
      Transfers transfers)
      throws Exception {
    CountingResponder counting =
        new CountingResponder(
            responder, stats, new ResponseRateLimiter(settings.rateLimit()), transfers);
    UdpListener udp = null;
    TcpListener tcp = null;
    // port 0 (tests): the system picks a UDP port, TCP takes the very same one; someone may hold
    // that number for TCP already, so a few picks are tried; a port given by number gets one try
    int tries = settings.address().getPort() == 0 ? 5 : 1;
    for (int attempt = 1; tcp == null; attempt++) {
      udp = new UdpListener(settings.address(), counting);
      try {
        tcp =
            new TcpListener(
                udp.localAddress(),
                counting,
                settings.maxTcpConnections(),
                settings.tcpIdleTimeoutMillis());
      } catch (IOException e) {
        udp.close();
        if (attempt >= tries) {
          throw e;
        }
      }
    }
    DnsListeners listeners = new DnsListeners(udp, tcp, stats);
    try {
      for (int i = 0; i < settings.udpWorkers(); i++) {
        String name = "dns-udp-" + i;
        runner.start(name, listeners.watched(name, udp::serve));
      }
      runner.start("dns-tcp", listeners.watched("dns-tcp", tcp::serve));
    } catch (Exception e) {
      listeners.close();
      throw e;
    }
    return listeners;
  }

  public InetSocketAddress address() throws IOException {
    return udp.localAddress();
  }

  private Runnable watched(String name, Runnable loop) {
    return () -> {
      try {
        loop.run();
      } finally {
        Responder.releaseThread();
        if (!closed) {
          endedLoops.add(name);
        }
      }
    };
  }

  /**
   * The listener loops that ended while the listeners were meant to run (a selector failure, a
   * thread killed under us); empty while all is well. Drives the liveness check.
   */
  public Set<String> endedLoops() {
    return Set.copyOf(endedLoops);
  }

  /** What these listeners have counted since they started. */
  public DnsStats stats() {
    return stats;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    try {
      udp.close();
    } finally {
      tcp.close();
    }
  }
}
