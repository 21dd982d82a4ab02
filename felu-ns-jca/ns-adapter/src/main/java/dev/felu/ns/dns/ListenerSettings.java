package dev.felu.ns.dns;

import java.net.InetSocketAddress;

/**
 * Where and how the nameserver answers DNS.
 *
 * @param address the UDP and TCP address, e.g. 127.0.0.1:5301
 * @param maxUdpPayload EDNS payload ceiling (RFC 6891 §6.2.5; 1232 avoids fragmentation)
 * @param udpWorkers loops reading the UDP socket
 * @param maxTcpConnections open TCP connections at most; a newcomer at the limit makes the
 *     connection idle longest close (RFC 7766 §6.2.3)
 * @param tcpIdleTimeoutMillis a TCP connection without bytes read or written for this long is
 *     closed (RFC 7766 §6.2.3)
 */
public record ListenerSettings(
    InetSocketAddress address,
    int maxUdpPayload,
    int udpWorkers,
    int maxTcpConnections,
    int tcpIdleTimeoutMillis) {

  public ListenerSettings {
    if (maxUdpPayload < 512 || maxUdpPayload > 65535) {
      throw new IllegalArgumentException("felu.ns.dns.max-udp-payload must be 512..65535");
    }
    if (udpWorkers < 1 || maxTcpConnections < 1 || tcpIdleTimeoutMillis < 1) {
      throw new IllegalArgumentException("listener counts and timeouts must be positive");
    }
  }

  public static ListenerSettings defaults(InetSocketAddress address) {
    return new ListenerSettings(address, 1232, 2, 64, 10_000);
  }
}
