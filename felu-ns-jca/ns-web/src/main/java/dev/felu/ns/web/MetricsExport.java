package dev.felu.ns.web;

import dev.felu.ns.api.NameserverControl;
import dev.felu.ns.api.NameserverMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Publishes the resource adapter's counters in the application scope of MicroProfile Metrics
 * (Payara renders them at {@code /metrics} in Prometheus text). The adapter counts lock-free and
 * knows nothing of MicroProfile; here every value becomes a gauge that reads it at scrape time.
 *
 * <p>Why gauges even for counters: MicroProfile Metrics 5.1 has no callback counter, and its
 * counters can only be incremented. A gauge named {@code …_total} gives the Prometheus name
 * operators expect and a monotonic value that {@code rate()} handles; only the {@code # TYPE} line
 * says gauge. The response-time histogram is exported the same way as {@code _bucket{le}}, {@code
 * _count} and {@code _sum} series, because Payara's own histograms take bucket counts from a
 * decaying sample rather than from every query.
 *
 * <p>{@code felu_dns_queries_total} has a series per protocol × qtype × rcode; a series is
 * registered once its count is above zero (checked every second), so an idle label combination does
 * not clutter the output.
 */
@ApplicationScoped
public class MetricsExport {
  private static final Logger LOG = Logger.getLogger(MetricsExport.class.getName());

  @Inject NameserverControl nameserver;
  @Inject MetricRegistry registry;

  @Resource ManagedScheduledExecutorService scheduler;

  private NameserverMetrics metrics;
  private boolean[] queriesRegistered;
  private ScheduledFuture<?> registering;

  void start(@Observes @Initialized(ApplicationScoped.class) Object init) {
    metrics = nameserver.metrics();
    int protocols = NameserverMetrics.PROTOCOLS.size();
    for (int p = 0; p < protocols; p++) {
      int protocol = p;
      Tag tag = new Tag("protocol", NameserverMetrics.PROTOCOLS.get(p));
      gauge(
          "felu_dns_queries_received_total",
          "DNS queries received (datagrams and complete TCP frames)",
          () -> metrics.received(protocol),
          tag);
      gauge(
          "felu_dns_queries_dropped_total",
          "Packets left unanswered: shorter than a header, a response, a short TCP frame",
          () -> metrics.dropped(protocol),
          tag);
      gauge(
          "felu_dns_malformed_total",
          "Malformed packets: answered with FORMERR or dropped",
          () -> metrics.malformed(protocol),
          tag);
      gauge(
          "felu_dns_responder_failures_total",
          "Queries on which the responder failed (a bug, logged with the packet)",
          () -> metrics.responderFailures(protocol),
          tag);
      metrics
          .responseTime(p)
          .export(
              (suffix, le, value) ->
                  gauge(
                      "felu_dns_response_seconds" + suffix,
                      "Responder time per answered query (histogram" + suffix + ")",
                      value,
                      le == null ? new Tag[] {tag} : new Tag[] {tag, new Tag("le", le)}));
    }
    gauge(
        "felu_dns_rrl_dropped_total",
        "UDP answers not sent by response rate limiting",
        metrics::rateLimitDropped);
    gauge(
        "felu_dns_rrl_slipped_total",
        "UDP answers sent truncated (TC, question only) by response rate limiting",
        metrics::rateLimitSlipped);
    gauge("felu_dns_tcp_connections_open", "DNS TCP connections open", metrics::tcpConnectionsOpen);
    gauge(
        "felu_dns_tcp_connections_throttled",
        "DNS TCP connections not read while their answers wait to be read by the client",
        metrics::tcpConnectionsThrottled);
    gauge(
        "felu_dns_tcp_connections_accepted_total",
        "DNS TCP connections accepted",
        metrics::tcpConnectionsAccepted);
    gauge(
        "felu_dns_tcp_connections_evicted_total",
        "DNS TCP connections closed for a newcomer at the connection limit",
        metrics::tcpConnectionsEvicted);
    gauge(
        "felu_dns_tcp_connections_timed_out_total",
        "DNS TCP connections closed after the idle timeout",
        metrics::tcpConnectionsTimedOut);
    gauge(
        "felu_ns_config_revision",
        "Config revision held (-1 before the first)",
        metrics::configRevision);
    gauge(
        "felu_ns_config_applies_total",
        "Configurations applied (snapshots and deltas)",
        metrics::configApplies);
    gauge(
        "felu_ns_config_last_apply_timestamp_seconds",
        "When the last configuration was applied (Unix time; 0 before the first)",
        () -> metrics.lastApplyEpochMillis() / 1000.0);
    gauge(
        "felu_ns_config_last_apply_duration_seconds",
        "How long the last apply took (the frame that completed it)",
        () -> metrics.lastApplyNanos() / 1e9);
    gauge(
        "felu_ns_config_refused_total",
        "Transfers refused, by reason (memory: the configuration would not fit the heap)",
        metrics::configRefusedForMemory,
        new Tag("reason", "memory"));
    gauge(
        "felu_ns_config_link_epoch",
        "Leadership epoch of the management instance whose config link is open (of the last one"
            + " while none is; -1 before the first)",
        metrics::configLinkEpoch);
    gauge(
        "felu_ns_config_links_refused_total",
        "Config links refused because a link of a higher leadership epoch was open",
        metrics::configLinksRefused);
    gauge(
        "felu_ns_config_links_superseded_total",
        "Open config links closed because a link of an equal or higher epoch replaced them",
        metrics::configLinksSuperseded);
    gauge(
        "felu_ns_config_memory_needed_bytes",
        "Heap the last transfer needed by the memory guard's estimate (applied or refused)",
        metrics::configMemoryNeededBytes);
    gauge(
        "felu_ns_heap_max_bytes",
        "Most the heap may grow to (-Xmx), as the memory guard compares it",
        metrics::heapMaxBytes);
    for (String result : NameserverMetrics.TRANSFER_RESULTS) {
      gauge(
          "felu_ns_xfr_requests_total",
          "Zone transfer requests (AXFR/IXFR) answered, by result (answered = NOERROR)",
          () -> metrics.transfers(result),
          new Tag("result", result));
    }
    gauge(
        "felu_ns_xfr_active",
        "Zone transfers streaming now (bounded by felu.ns.xfr.max-concurrent)",
        metrics::transfersActive);
    gauge(
        "felu_ns_ixfr_journal_bytes",
        "Size of the IXFR journal (estimate; bounded by felu.ns.xfr.journal-max-bytes)",
        metrics::ixfrJournalBytes);
    gauge(
        "felu_ns_ixfr_journal_entries",
        "Zone differences the IXFR journal holds",
        metrics::ixfrJournalEntries);
    for (String result : NameserverMetrics.NOTIFY_RESULTS) {
      gauge(
          "felu_ns_notify_total",
          "NOTIFYs to secondaries, by result (answered = NOERROR)",
          () -> metrics.notifies(result),
          new Tag("result", result));
    }
    gauge(
        "felu_ns_notify_messages_sent_total",
        "NOTIFY messages sent, retransmissions included",
        metrics::notifyMessagesSent);
    gauge(
        "felu_ns_notify_pending",
        "NOTIFYs waiting for an answer (bounded by felu.ns.notify.max-pending)",
        metrics::notifiesPending);
    gauge("felu_ns_zones", "Zones held", metrics::zones);
    gauge("felu_ns_records", "Records held", metrics::records);
    gauge(
        "felu_ns_serving",
        "1 once a configuration is applied and DNS is answered",
        () -> nameserver.isServing() ? 1 : 0);

    queriesRegistered =
        new boolean[protocols * NameserverMetrics.QTYPES.size() * NameserverMetrics.RCODES.size()];
    registerNewQuerySeries();
    registering =
        scheduler.scheduleWithFixedDelay(this::registerNewQuerySeries, 1, 1, TimeUnit.SECONDS);
  }

  /** Registers a queries series for each label combination that has counted its first query. */
  private synchronized void registerNewQuerySeries() {
    try {
      registerQuerySeries();
    } catch (RuntimeException e) {
      // a failed pass must not end the schedule: the next one retries
      LOG.log(Level.WARNING, "registering DNS query metrics failed", e);
    }
  }

  private void registerQuerySeries() {
    int i = 0;
    for (int p = 0; p < NameserverMetrics.PROTOCOLS.size(); p++) {
      for (int q = 0; q < NameserverMetrics.QTYPES.size(); q++) {
        for (int r = 0; r < NameserverMetrics.RCODES.size(); r++, i++) {
          if (queriesRegistered[i] || metrics.queries(p, q, r) == 0) {
            continue;
          }
          int protocol = p;
          int qtype = q;
          int rcode = r;
          gauge(
              "felu_dns_queries_total",
              "DNS queries answered, by transport, question type and response code",
              () -> metrics.queries(protocol, qtype, rcode),
              new Tag("protocol", NameserverMetrics.PROTOCOLS.get(p)),
              new Tag("qtype", NameserverMetrics.QTYPES.get(q)),
              new Tag("rcode", NameserverMetrics.RCODES.get(r)));
          queriesRegistered[i] = true;
        }
      }
    }
  }

  private <T extends Number> void gauge(
      String name, String description, Supplier<T> value, Tag... tags) {
    registry.gauge(
        Metadata.builder().withName(name).withDescription(description).build(), value, tags);
  }

  @PreDestroy
  void stop() {
    if (registering != null) {
      registering.cancel(false);
    }
  }
}
