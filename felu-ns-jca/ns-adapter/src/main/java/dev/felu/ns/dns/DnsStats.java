package dev.felu.ns.dns;

import dev.felu.metrics.LatencyHistogram;
import dev.felu.ns.api.NameserverMetrics;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the DNS listeners of one nameserver have seen since they started. Counters only grow, except
 * {@link #tcpConnectionsOpen()}, a gauge. Updated lock-free from the listener threads; a reader
 * sees each value as of some recent moment, not a consistent snapshot of all of them.
 *
 * <p>Every query ends in exactly one of answered, dropped, dropped by response rate limiting or
 * failures, so once the listeners are quiet {@code received == answered + dropped +
 * rateLimitDropped + failures}. A response the rate limiter slipped (sent truncated) is answered,
 * and also counted in {@link #rateLimitSlipped()}. Per transport, answered queries are also counted
 * by question type and response code (one fixed array of adders indexed by protocol × qtype bucket
 * × rcode bucket, see {@link NameserverMetrics}), and their response time goes into a fixed-bucket
 * histogram: recording costs a few adder increments and no allocation. The metrics endpoint exports
 * these as {@code felu_dns_*}; docs/observability.md lists the names.
 */
public final class DnsStats {
  static final int UDP = 0;
  static final int TCP = 1;
  private static final int PROTOCOLS = NameserverMetrics.PROTOCOLS.size();
  private static final int QTYPES = NameserverMetrics.QTYPES.size();
  private static final int RCODES = NameserverMetrics.RCODES.size();
  private static final int FORMERR = NameserverMetrics.RCODES.indexOf("FORMERR");

  private final LongAdder[] received = adders(PROTOCOLS);
  private final LongAdder answered = new LongAdder();
  private final LongAdder[] dropped = adders(PROTOCOLS);
  private final LongAdder[] failures = adders(PROTOCOLS);
  private final LongAdder[] byType = adders(PROTOCOLS * QTYPES * RCODES);
  private final LatencyHistogram[] responseTime = {
    new LatencyHistogram(NameserverMetrics.RESPONSE_TIME_BOUNDS),
    new LatencyHistogram(NameserverMetrics.RESPONSE_TIME_BOUNDS)
  };
  private final LongAdder rateLimitDropped = new LongAdder();
  private final LongAdder rateLimitSlipped = new LongAdder();
  private final LongAdder tcpOpen = new LongAdder();
  private final LongAdder tcpAccepted = new LongAdder();
  private final LongAdder tcpEvicted = new LongAdder();
  private final LongAdder tcpTimedOut = new LongAdder();
  private final LongAdder tcpThrottled = new LongAdder();

  /**
   * Queries received: UDP datagrams plus complete TCP frames (a TCP length prefix below a header's
   * size counts as one). Prometheus: {@code felu_dns_queries_received_total}.
   */
  public long received() {
    return sum(received);
  }

  /**
   * Queries answered: the response was handed to the UDP socket, or queued for writing on its TCP
   * connection. Prometheus: {@code felu_dns_queries_total}.
   */
  public long answered() {
    return answered.sum();
  }

  /**
   * Queries deliberately left unanswered: the responder returned null (a response, a packet shorter
   * than a header), or a TCP frame was too short to be a query. Prometheus: {@code
   * felu_dns_queries_dropped_total}.
   */
  public long dropped() {
    return sum(dropped);
  }

  /**
   * Queries on which the responder threw: a bug, logged at WARNING with the packet. Prometheus:
   * {@code felu_dns_responder_failures_total}.
   */
  public long failures() {
    return sum(failures);
  }

  /** Queries received over one transport ({@link #UDP} or {@link #TCP}). */
  public long received(int protocol) {
    return received[protocol].sum();
  }

  /** Queries dropped on one transport. */
  public long dropped(int protocol) {
    return dropped[protocol].sum();
  }

  /** Responder failures on one transport. */
  public long failures(int protocol) {
    return failures[protocol].sum();
  }

  /** Queries answered on one transport with this question type and response code bucket. */
  public long queries(int protocol, int qtype, int rcode) {
    return byType[(protocol * QTYPES + qtype) * RCODES + rcode].sum();
  }

  /** FORMERR answers plus dropped packets on one transport. */
  public long malformed(int protocol) {
    long formerr = 0;
    for (int q = 0; q < QTYPES; q++) {
      formerr += queries(protocol, q, FORMERR);
    }
    return formerr + dropped(protocol);
  }

  /** Response times of the queries answered on one transport. */
  public LatencyHistogram responseTime(int protocol) {
    return responseTime[protocol];
  }

  /**
   * UDP responses the response rate limiter did not send. Prometheus: {@code
   * felu_dns_rrl_dropped_total}.
   */
  public long rateLimitDropped() {
    return rateLimitDropped.sum();
  }

  /**
   * UDP responses the response rate limiter sent truncated (TC set, question only) instead of in
   * full. Prometheus: {@code felu_dns_rrl_slipped_total}.
   */
  public long rateLimitSlipped() {
    return rateLimitSlipped.sum();
  }

  /** TCP connections open now. Prometheus gauge: {@code felu_dns_tcp_connections_open}. */
  public long tcpConnectionsOpen() {
    return tcpOpen.sum();
  }

  /** TCP connections accepted. Prometheus: {@code felu_dns_tcp_connections_accepted_total}. */
  public long tcpConnectionsAccepted() {
    return tcpAccepted.sum();
  }

  /**
   * TCP connections closed to make room for a new one at the connection limit (RFC 7766 §6.2.3).
   * Prometheus: {@code felu_dns_tcp_connections_evicted_total}.
   */
  public long tcpConnectionsEvicted() {
    return tcpEvicted.sum();
  }

  /**
   * TCP connections closed after the idle timeout. Prometheus: {@code
   * felu_dns_tcp_connections_timed_out_total}.
   */
  public long tcpConnectionsTimedOut() {
    return tcpTimedOut.sum();
  }

  /**
   * TCP connections not read now because their queued responses reached the bound: clients that do
   * not read their answers. Prometheus gauge: {@code felu_dns_tcp_connections_throttled}.
   */
  public long tcpConnectionsThrottled() {
    return tcpThrottled.sum();
  }

  void countReceived(int protocol) {
    received[protocol].increment();
  }

  void countAnswered(int protocol, int qtype, int rcode, long nanos) {
    answered.increment();
    byType[(protocol * QTYPES + qtype) * RCODES + rcode].increment();
    responseTime[protocol].record(nanos);
  }

  void countDropped(int protocol) {
    dropped[protocol].increment();
  }

  void countFailure(int protocol) {
    failures[protocol].increment();
  }

  void countRateLimitDropped() {
    rateLimitDropped.increment();
  }

  void countRateLimitSlipped() {
    rateLimitSlipped.increment();
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    Arrays.setAll(a, i -> new LongAdder());
    return a;
  }

  private static long sum(LongAdder[] adders) {
    long s = 0;
    for (LongAdder a : adders) {
      s += a.sum();
    }
    return s;
  }

  void tcpAccepted() {
    tcpAccepted.increment();
    tcpOpen.increment();
  }

  void tcpClosed() {
    tcpOpen.decrement();
  }

  void tcpEvicted() {
    tcpEvicted.increment();
  }

  void tcpTimedOut() {
    tcpTimedOut.increment();
  }

  void tcpThrottled(boolean now) {
    tcpThrottled.add(now ? 1 : -1);
  }

  @Override
  public String toString() {
    return "received "
        + received()
        + ", answered "
        + answered()
        + ", dropped "
        + dropped()
        + ", failures "
        + failures()
        + ", RRL dropped "
        + rateLimitDropped()
        + ", RRL slipped "
        + rateLimitSlipped()
        + ", TCP open "
        + tcpConnectionsOpen()
        + ", accepted "
        + tcpConnectionsAccepted()
        + ", evicted "
        + tcpConnectionsEvicted()
        + ", timed out "
        + tcpConnectionsTimedOut()
        + ", throttled "
        + tcpConnectionsThrottled();
  }
}
