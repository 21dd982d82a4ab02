package dev.felu.ns.dns;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the DNS listeners of one nameserver have seen since they started. Counters only grow, except
 * {@link #tcpConnectionsOpen()}, a gauge. Updated lock-free from the listener threads; a reader
 * sees each value as of some recent moment, not a consistent snapshot of all of them.
 *
 * <p>Every query ends in exactly one of answered, dropped or failures, so once the listeners are
 * quiet {@code received == answered + dropped + failures}. The Prometheus names given per getter
 * are the ones the metrics endpoint is meant to export.
 */
public final class DnsStats {
  private final LongAdder received = new LongAdder();
  private final LongAdder answered = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder tcpOpen = new LongAdder();
  private final LongAdder tcpAccepted = new LongAdder();
  private final LongAdder tcpEvicted = new LongAdder();
  private final LongAdder tcpTimedOut = new LongAdder();
  private final LongAdder tcpThrottled = new LongAdder();

  /**
   * Queries received: UDP datagrams plus complete TCP frames (a TCP length prefix below a header's
   * size counts as one). Prometheus: {@code felu_ns_dns_queries_received_total}.
   */
  public long received() {
    return received.sum();
  }

  /**
   * Queries answered: the response was handed to the UDP socket, or queued for writing on its TCP
   * connection. Prometheus: {@code felu_ns_dns_responses_total}.
   */
  public long answered() {
    return answered.sum();
  }

  /**
   * Queries deliberately left unanswered: the responder returned null (a response, a packet shorter
   * than a header), or a TCP frame was too short to be a query. Prometheus: {@code
   * felu_ns_dns_queries_dropped_total}.
   */
  public long dropped() {
    return dropped.sum();
  }

  /**
   * Queries on which the responder threw: a bug, logged at WARNING with the packet. Prometheus:
   * {@code felu_ns_dns_responder_failures_total}.
   */
  public long failures() {
    return failures.sum();
  }

  /** TCP connections open now. Prometheus gauge: {@code felu_ns_dns_tcp_connections_open}. */
  public long tcpConnectionsOpen() {
    return tcpOpen.sum();
  }

  /** TCP connections accepted. Prometheus: {@code felu_ns_dns_tcp_connections_accepted_total}. */
  public long tcpConnectionsAccepted() {
    return tcpAccepted.sum();
  }

  /**
   * TCP connections closed to make room for a new one at the connection limit (RFC 7766 §6.2.3).
   * Prometheus: {@code felu_ns_dns_tcp_connections_evicted_total}.
   */
  public long tcpConnectionsEvicted() {
    return tcpEvicted.sum();
  }

  /**
   * TCP connections closed after the idle timeout. Prometheus: {@code
   * felu_ns_dns_tcp_connections_timed_out_total}.
   */
  public long tcpConnectionsTimedOut() {
    return tcpTimedOut.sum();
  }

  /**
   * TCP connections not read now because their queued responses reached the bound: clients that do
   * not read their answers. Prometheus gauge: {@code felu_ns_dns_tcp_connections_throttled}.
   */
  public long tcpConnectionsThrottled() {
    return tcpThrottled.sum();
  }

  void countReceived() {
    received.increment();
  }

  void countAnswered() {
    answered.increment();
  }

  void countDropped() {
    dropped.increment();
  }

  void countFailure() {
    failures.increment();
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
