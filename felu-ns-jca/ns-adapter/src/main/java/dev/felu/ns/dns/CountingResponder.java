package dev.felu.ns.dns;

import dev.felu.ns.xfr.Transfers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place the listeners call the {@link Responder}: counts each query's outcome in {@link
 * DnsStats} (with its question type, response code and response time, read from the wire bytes by
 * {@link WireLabels}), contains responder bugs, so that one bad packet costs one answer, never a
 * listener, and puts UDP answers through the {@link ResponseRateLimiter}.
 */
final class CountingResponder {
  private static final Logger LOG = Logger.getLogger(CountingResponder.class.getName());

  /** RFC 1035 §4.2.2: a TCP message carries a two-byte length. */
  static final int MAX_TCP_MESSAGE = 0xFFFF;

  /** Packet bytes quoted in a failure log; enough to reproduce any query we have seen fail. */
  private static final int LOGGED_BYTES = 1024;

  private final Responder responder;
  private final DnsStats stats;
  private final ResponseRateLimiter limiter;
  private final Transfers transfers;

  CountingResponder(Responder responder, DnsStats stats) {
    this(responder, stats, new ResponseRateLimiter(RateLimitSettings.off()));
  }

  CountingResponder(Responder responder, DnsStats stats, ResponseRateLimiter limiter) {
    this(responder, stats, limiter, null);
  }

  /**
   * @param transfers answers AXFR and IXFR; null: the responder refuses them
   */
  CountingResponder(
      Responder responder, DnsStats stats, ResponseRateLimiter limiter, Transfers transfers) {
    this.responder = responder;
    this.stats = stats;
    this.limiter = limiter;
    this.transfers = transfers;
  }

  /** True when this TCP frame is a transfer request {@link #transfer} answers. */
  boolean isTransfer(byte[] query, int length) {
    return transfers != null && Transfers.isTransferQuery(query, length);
  }

  /**
   * The answer to a transfer request over TCP, counted like a query (by its first message's
   * response code), or null when it cannot be answered: the connection then ends.
   */
  Transfers.Stream transfer(byte[] query, int length, Object client) {
    stats.countReceived(DnsStats.TCP);
    long started = System.nanoTime();
    Transfers.Stream stream;
    try {
      stream = transfers.answerTcp(query, length, address(client));
    } catch (RuntimeException e) {
      stats.countFailure(DnsStats.TCP);
      LOG.log(Level.WARNING, e, () -> "transfer request from " + client + " failed");
      return null;
    }
    if (stream == null) {
      stats.countDropped(DnsStats.TCP);
      return null;
    }
    stats.countAnswered(
        DnsStats.TCP,
        WireLabels.qtype(query, length),
        stream.firstRcode(),
        System.nanoTime() - started);
    return stream;
  }

  private static InetAddress address(Object client) {
    return client instanceof InetSocketAddress a && a.getAddress() != null
        ? a.getAddress()
        : InetAddress.getLoopbackAddress();
  }

  DnsStats stats() {
    return stats;
  }

  /**
   * Returns the response to send, or null when nothing is to be sent: the responder dropped the
   * query or failed on it (UDP then stays silent, TCP closes the connection), or the rate limiter
   * dropped the UDP answer. A UDP answer the rate limiter slipped comes back truncated.
   *
   * @param client where the query came from: an {@link InetSocketAddress} over UDP, which the rate
   *     limiter counts by
   */
  byte[] respond(byte[] query, int length, boolean udp, Object client) {
    int protocol = udp ? DnsStats.UDP : DnsStats.TCP;
    stats.countReceived(protocol);
    long started = System.nanoTime();
    byte[] response;
    try {
      int tsigAt;
      if (transfers != null && Transfers.isNotify(query, length)) {
        response = transfers.answerNotify(query, length);
      } else if (transfers != null
          && !Transfers.isTransferQuery(query, length)
          && (tsigAt = Transfers.tsigOffset(query, length)) >= 0) {
        response =
            transfers.answerSigned(
                query, length, tsigAt, bare -> responder.respond(bare, bare.length, udp));
        if (response == null) {
          response = responder.respond(query, length, udp); // malformed: the responder says so
        }
      } else {
        response =
            udp && transfers != null && Transfers.isTransferQuery(query, length)
                ? transfers.answerUdp(query, length, address(client))
                : null;
      }
      if (response == null) {
        response = responder.respond(query, length, udp);
      }
      if (response != null && !udp && response.length > MAX_TCP_MESSAGE) {
        throw new IllegalStateException(
            "response of " + response.length + " bytes does not fit a TCP frame");
      }
    } catch (RuntimeException e) {
      stats.countFailure(protocol);
      LOG.log(
          Level.WARNING,
          e,
          () ->
              "responder failed on a "
                  + length
                  + "-byte "
                  + (udp ? "UDP" : "TCP")
                  + " query from "
                  + client
                  + "; packet "
                  + HexFormat.of().formatHex(query, 0, Math.min(length, LOGGED_BYTES)));
      return null;
    }
    if (response == null) {
      stats.countDropped(protocol);
      return null;
    }
    int rcode = WireLabels.rcode(response); // of the full answer: a slipped one has lost its OPT
    if (udp && client instanceof InetSocketAddress from && from.getAddress() != null) {
      switch (limiter.check(from.getAddress(), response)) {
        case DROP -> {
          stats.countRateLimitDropped();
          return null;
        }
        case SLIP -> {
          response = ResponseRateLimiter.truncated(response);
          stats.countRateLimitSlipped();
        }
        case SEND -> {}
      }
    }
    stats.countAnswered(
        protocol, WireLabels.qtype(query, length), rcode, System.nanoTime() - started);
    return response;
  }

  /** A TCP frame too short to hold a DNS header: received and dropped without asking. */
  void shortFrame() {
    stats.countReceived(DnsStats.TCP);
    stats.countDropped(DnsStats.TCP);
  }
}
