package dev.felu.ns.dns;

import java.io.IOException;
import java.net.InetSocketAddress;

/** The UDP and TCP listeners of one nameserver, started and stopped together. */
public final class DnsListeners implements AutoCloseable {
  private final UdpListener udp;
  private final TcpListener tcp;
  private final DnsStats stats;

  private DnsListeners(UdpListener udp, TcpListener tcp, DnsStats stats) {
    this.udp = udp;
    this.tcp = tcp;
    this.stats = stats;
  }

  /** Binds both sockets, then starts their loops; on any failure nothing stays bound. */
  public static DnsListeners start(
      ListenerSettings settings, Responder responder, TaskRunner runner) throws Exception {
    DnsStats stats = new DnsStats();
    CountingResponder counting = new CountingResponder(responder, stats);
    UdpListener udp = new UdpListener(settings.address(), counting);
    TcpListener tcp;
    try {
      // bind TCP to the very port UDP got, so that port 0 (tests) yields one port for both
      tcp =
          new TcpListener(
              udp.localAddress(),
              counting,
              settings.maxTcpConnections(),
              settings.tcpIdleTimeoutMillis());
    } catch (IOException e) {
      udp.close();
      throw e;
    }
    DnsListeners listeners = new DnsListeners(udp, tcp, stats);
    try {
      for (int i = 0; i < settings.udpWorkers(); i++) {
        runner.start("dns-udp-" + i, udp::serve);
      }
      runner.start("dns-tcp", tcp::serve);
    } catch (Exception e) {
      listeners.close();
      throw e;
    }
    return listeners;
  }

  public InetSocketAddress address() throws IOException {
    return udp.localAddress();
  }

  /** What these listeners have counted since they started. */
  public DnsStats stats() {
    return stats;
  }

  @Override
  public void close() throws IOException {
    try {
      udp.close();
    } finally {
      tcp.close();
    }
  }
}
