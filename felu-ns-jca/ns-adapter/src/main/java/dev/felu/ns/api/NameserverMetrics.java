package dev.felu.ns.api;

import dev.felu.metrics.LatencyHistogram;
import java.util.List;

/**
 * A live, read-only view of what one nameserver counts, for the metrics endpoint. Every read sums
 * lock-free counters at that moment; nothing here is touched by the query path except the counters
 * themselves. Indexes refer to {@link #PROTOCOLS}, {@link #QTYPES} and {@link #RCODES}.
 */
public interface NameserverMetrics {
  /** Transports, in index order. */
  List<String> PROTOCOLS = List.of("udp", "tcp");

  /**
   * Question types counted by name; every other type (and a question that cannot be read) counts as
   * {@code other}, so the label set stays bounded whatever clients send.
   */
  List<String> QTYPES =
      List.of(
          "A", "AAAA", "NS", "SOA", "CNAME", "MX", "TXT", "PTR", "SRV", "NAPTR", "CAA", "DS",
          "DNSKEY", "SVCB", "HTTPS", "ANY", "AXFR", "IXFR", "other");

  /** Response codes counted by name (RFC 1035, 2136, 6891 BADVERS); any other is {@code other}. */
  List<String> RCODES =
      List.of(
          "NOERROR",
          "FORMERR",
          "SERVFAIL",
          "NXDOMAIN",
          "NOTIMP",
          "REFUSED",
          "YXDOMAIN",
          "BADVERS",
          "other");

  /** Upper bounds of the response-time histogram, in seconds. */
  List<Double> RESPONSE_TIME_BOUNDS =
      List.of(
          0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
          1.0);

  /** Queries answered, by transport, question type and response code of the answer. */
  long queries(int protocol, int qtype, int rcode);

  /** Queries received: datagrams and complete TCP frames. */
  long received(int protocol);

  /** Packets left unanswered on purpose: too short for a header, a response, a short TCP frame. */
  long dropped(int protocol);

  /** Malformed packets: answered with FORMERR, or dropped. */
  long malformed(int protocol);

  /** Queries on which the responder threw (a bug; logged with the packet). */
  long responderFailures(int protocol);

  /** Time from a query's arrival at the responder to its encoded answer, per transport. */
  LatencyHistogram responseTime(int protocol);

  /** UDP responses the response rate limiter did not send (0 while rate limiting is off). */
  long rateLimitDropped();

  /** UDP responses the response rate limiter sent truncated, so the client retries over TCP. */
  long rateLimitSlipped();

  long tcpConnectionsOpen();

  long tcpConnectionsAccepted();

  long tcpConnectionsEvicted();

  long tcpConnectionsTimedOut();

  long tcpConnectionsThrottled();

  /** Revision of the configuration held; -1 before the first one. */
  long configRevision();

  int zones();

  long records();

  /** Configurations applied (snapshots and deltas that changed what is served). */
  long configApplies();

  /** Wall-clock time of the last apply in epoch milliseconds; 0 before the first. */
  long lastApplyEpochMillis();

  /** How long the frame that completed the last apply took to handle, in nanoseconds. */
  long lastApplyNanos();

  /** Transfers refused because the configuration would not fit the heap. */
  long configRefusedForMemory();

  /**
   * The heap the last transfer needed by the memory guard's estimate (held and new table side by
   * side, plus a quarter), applied or refused; 0 before the first.
   */
  long configMemoryNeededBytes();

  /** The most the heap may grow to ({@code -Xmx}), as the memory guard compares it. */
  long heapMaxBytes();

  /**
   * What a zone transfer request's answer was, by its (first) message's response code: answered =
   * NOERROR (the zone, the changes, or the SOA alone), then the refusals.
   */
  List<String> TRANSFER_RESULTS =
      List.of("answered", "refused", "notauth", "notimp", "formerr", "other");

  /** Zone transfer requests (AXFR/IXFR, TCP and UDP) answered, by result. */
  default long transfers(String result) {
    return 0;
  }

  /** Zone transfers streaming now (each holds a permit of {@code felu.ns.xfr.max-concurrent}). */
  default long transfersActive() {
    return 0;
  }

  /** The IXFR journal's size by its own estimate, in bytes. */
  default long ixfrJournalBytes() {
    return 0;
  }

  /** Differences the IXFR journal holds, over all zones. */
  default long ixfrJournalEntries() {
    return 0;
  }

  /**
   * What became of a NOTIFY to a secondary: answered (NOERROR), error (another response code, or a
   * rule the nameserver could not use), timeout (unanswered after every retry), dropped (more than
   * {@code felu.ns.notify.max-pending} waiting), superseded (a newer serial replaced it).
   */
  List<String> NOTIFY_RESULTS = List.of("answered", "error", "timeout", "dropped", "superseded");

  /** NOTIFYs to secondaries, by result. */
  default long notifies(String result) {
    return 0;
  }

  /** NOTIFY messages sent, retransmissions included. */
  default long notifyMessagesSent() {
    return 0;
  }

  /** NOTIFYs waiting for an answer. */
  default long notifiesPending() {
    return 0;
  }

  /**
   * The leadership epoch of the open config link (of the last one while none is open); -1 before.
   */
  default long configLinkEpoch() {
    return -1;
  }

  /** Config links refused because a link of a higher leadership epoch was open. */
  default long configLinksRefused() {
    return 0;
  }

  /** Open config links closed because a link of an equal or higher epoch replaced them. */
  default long configLinksSuperseded() {
    return 0;
  }
}
