package dev.felu.ns.dns;

import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place the listeners call the {@link Responder}: counts each query's outcome in {@link
 * DnsStats} (with its question type, response code and response time, read from the wire bytes by
 * {@link WireLabels}) and contains responder bugs, so that one bad packet costs one answer, never a
 * listener.
 */
final class CountingResponder {
  private static final Logger LOG = Logger.getLogger(CountingResponder.class.getName());

  /** RFC 1035 §4.2.2: a TCP message carries a two-byte length. */
  static final int MAX_TCP_MESSAGE = 0xFFFF;

  /** Packet bytes quoted in a failure log; enough to reproduce any query we have seen fail. */
  private static final int LOGGED_BYTES = 1024;

  private final Responder responder;
  private final DnsStats stats;

  CountingResponder(Responder responder, DnsStats stats) {
    this.responder = responder;
    this.stats = stats;
  }

  DnsStats stats() {
    return stats;
  }

  /**
   * Returns the response to send, or null when nothing is to be sent: the responder dropped the
   * query or failed on it (UDP then stays silent, TCP closes the connection).
   */
  byte[] respond(byte[] query, int length, boolean udp, Object client) {
    int protocol = udp ? DnsStats.UDP : DnsStats.TCP;
    stats.countReceived(protocol);
    long started = System.nanoTime();
    byte[] response;
    try {
      response = responder.respond(query, length, udp);
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
    } else {
      stats.countAnswered(
          protocol,
          WireLabels.qtype(query, length),
          WireLabels.rcode(response),
          System.nanoTime() - started);
    }
    return response;
  }

  /** A TCP frame too short to hold a DNS header: received and dropped without asking. */
  void shortFrame() {
    stats.countReceived(DnsStats.TCP);
    stats.countDropped(DnsStats.TCP);
  }
}
