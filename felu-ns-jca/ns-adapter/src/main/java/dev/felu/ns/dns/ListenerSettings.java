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
 * @param rateLimit response rate limiting of UDP answers (off by default)
 */
public record ListenerSettings(
    InetSocketAddress address,
    int maxUdpPayload,
    int udpWorkers,
    int maxTcpConnections,
    int tcpIdleTimeoutMillis,
    RateLimitSettings rateLimit) {

  public ListenerSettings {
    if (maxUdpPayload < 512 || maxUdpPayload > 65535) {
      throw new IllegalArgumentException("felu.ns.dns.max-udp-payload must be 512..65535");
    }
    if (udpWorkers < 1 || maxTcpConnections < 1 || tcpIdleTimeoutMillis < 1) {
      throw new IllegalArgumentException("listener counts and timeouts must be positive");
    }
    if (rateLimit == null) {
      throw new IllegalArgumentException("rate limit settings missing; RateLimitSettings.off()");
    }
  }

  /** Settings without response rate limiting. */
  public ListenerSettings(
      InetSocketAddress address,
      int maxUdpPayload,
      int udpWorkers,
      int maxTcpConnections,
      int tcpIdleTimeoutMillis) {
    this(
        address,
        maxUdpPayload,
        udpWorkers,
        maxTcpConnections,
        tcpIdleTimeoutMillis,
        RateLimitSettings.off());
  }

  /** These settings with another response rate limit. */
  public ListenerSettings withRateLimit(RateLimitSettings rateLimit) {
    return new ListenerSettings(
        address, maxUdpPayload, udpWorkers, maxTcpConnections, tcpIdleTimeoutMillis, rateLimit);
  }

  public static ListenerSettings defaults(InetSocketAddress address) {
    return new ListenerSettings(address, 1232, 2, 64, 10_000);
  }
}
