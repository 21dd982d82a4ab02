package dev.felu.web.metrics;

import dev.felu.config.ConfigRevisions;
import dev.felu.push.LinkStatus;
import dev.felu.push.PushCoordinator;
import dev.felu.push.PushMetrics;
import dev.felu.update.UpdateLatency;
import dev.felu.update.UpdateMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Publishes the management server's push and fleet metrics in MicroProfile Metrics' application
 * scope ({@code /metrics} on Payara Server). As on the nameserver, values are gauges read at scrape
 * time (MicroProfile Metrics 5.1 has no callback counter), and push latency is a fixed-bucket
 * histogram exported as {@code _bucket{le}}/{@code _count}/{@code _sum}: Payara's own Timer would
 * take its buckets from a decaying sample, which {@code rate()} cannot use.
 *
 * <p>The UPDATE endpoint's counters ({@link UpdateMetrics}) become one series per key, zone and
 * result as they first appear, checked on the same schedule; its latencies ({@link UpdateLatency}:
 * receipt to commit, receipt to served by every enabled nameserver) are histograms as above.
 *
 * <p>Per-nameserver series are registered for every enabled nameserver the push coordinator links
 * to, and removed when it goes; the set is reconciled every second.
 */
@ApplicationScoped
public class ManagementMetrics {
  private static final Logger LOG = Logger.getLogger(ManagementMetrics.class.getName());

  private static final String[] PER_NAMESERVER = {
    "felu_nameserver_connected",
    "felu_nameserver_in_sync",
    "felu_nameserver_serving",
    "felu_nameserver_revision",
    "felu_nameserver_lag",
    "felu_nameserver_checks_failed_total"
  };

  @Inject PushCoordinator coordinator;
  @Inject PushMetrics push;
  @Inject ConfigRevisions revisions;
  @Inject MetricRegistry registry;
  @Inject UpdateMetrics updates;
  @Inject UpdateLatency updateLatency;

  private final Set<UpdateMetrics.Series> updateSeries = new HashSet<>();

  @Resource ManagedScheduledExecutorService scheduler;

  private final Set<String> registered = new HashSet<>();
  private ScheduledFuture<?> reconciling;

  void start(@Observes @Initialized(ApplicationScoped.class) Object init) {
    push.pushLatency()
        .export(
            (suffix, le, value) ->
                gauge(
                    "felu_push_latency_seconds" + suffix,
                    "Commit of a change until a nameserver is found in sync with it",
                    value,
                    le == null ? new Tag[0] : new Tag[] {new Tag("le", le)}));
    updateLatency
        .commitLatency()
        .export(
            (suffix, le, value) ->
                gauge(
                    "felu_update_commit_seconds" + suffix,
                    "An UPDATE that changed something, from its receipt to its change committed",
                    value,
                    le == null ? new Tag[0] : new Tag[] {new Tag("le", le)}));
    updateLatency
        .servedLatency()
        .export(
            (suffix, le, value) ->
                gauge(
                    "felu_update_served_seconds" + suffix,
                    "An UPDATE that changed something, from its receipt until every enabled"
                        + " nameserver serves its revision",
                    value,
                    le == null ? new Tag[0] : new Tag[] {new Tag("le", le)}));
    gauge(
        "felu_update_served_pending",
        "UPDATEs committed and not yet served by every enabled nameserver (at most 1000)",
        updateLatency::pending);
    gauge(
        "felu_update_served_dropped_total",
        "UPDATEs dropped from the served measurement because 1000 were waiting, since start",
        updateLatency::dropped);
    gauge(
        "felu_config_head_revision",
        "Head config revision every nameserver should hold",
        () -> revisions.head().revision());
    gauge(
        "felu_fleet_checks_stalled",
        "1 while no fleet check round completed for 20 s (see /health/ready for what is stuck)",
        () -> bit(coordinator.stall().isPresent()));
    gauge(
        "felu_fleet_leader",
        "1 on the management instance that drives the fleet now, 0 on the others",
        () -> bit(coordinator.leads()));
    gauge(
        "felu_fleet_leader_epoch",
        "Leadership epoch of this instance while it drives the fleet (signed into every config"
            + " link's handshake), -1 on the others",
        coordinator::leaderEpoch);
    gauge(
        "felu_fleet_last_round_age_seconds",
        "Seconds since the last complete fleet check round ended",
        coordinator::secondsSinceLastRound);
    gauge(
        "felu_fleet_stalls_total",
        "Stalls of the fleet checks the watchdog found since start",
        coordinator::stallsTotal);
    gauge(
        "felu_fleet_links_replaced_total",
        "Config links the watchdog replaced because they were stuck, since start",
        coordinator::linksReplacedTotal);
    reconcile();
    reconciling = scheduler.scheduleWithFixedDelay(this::reconcile, 1, 1, TimeUnit.SECONDS);
  }

  private synchronized void reconcile() {
    try {
      for (UpdateMetrics.Series series : updates.counts().keySet()) {
        if (updateSeries.add(series)) {
          gauge(
              "felu_update_requests_total",
              "Requests to the UPDATE endpoint since start, by TSIG key, zone and result (an rcode,"
                  + " a TSIG error, ratelimited or dropped; key and zone empty when not known)",
              () -> updates.count(series),
              new Tag("key", series.key()),
              new Tag("zone", series.zone()),
              new Tag("result", series.result()));
        }
      }
      Set<String> linked = coordinator.statuses().keySet();
      for (String name : linked) {
        if (registered.add(name)) {
          register(name);
        }
      }
      for (String name : Set.copyOf(registered)) {
        if (!linked.contains(name)) {
          for (String metric : PER_NAMESERVER) {
            registry.remove(new MetricID(metric, new Tag("nameserver", name)));
          }
          registered.remove(name);
        }
      }
    } catch (RuntimeException e) {
      // a failed pass must not end the schedule: the next one retries
      LOG.log(Level.WARNING, "reconciling nameserver metrics failed", e);
    }
  }

  private void register(String name) {
    Tag tag = new Tag("nameserver", name);
    status(
        name,
        "felu_nameserver_connected",
        "1 when the config link is open",
        s -> bit(s.connected()),
        tag);
    status(
        name,
        "felu_nameserver_in_sync",
        "1 when it holds the head revision and hash",
        s -> bit(s.inSync()),
        tag);
    status(
        name,
        "felu_nameserver_serving",
        "1 when it reported answering DNS",
        s -> bit(s.serving()),
        tag);
    status(
        name,
        "felu_nameserver_revision",
        "Revision it reported holding (-1 none or unknown)",
        LinkStatus::revision,
        tag);
    gauge(
        "felu_nameserver_lag",
        "Head revision minus the revision it holds (revisions it misses)",
        () -> revisions.head().revision() - Math.max(0, coordinator.status(name).revision()),
        tag);
    gauge(
        "felu_nameserver_checks_failed_total",
        "Health checks of the nameserver that failed (no link, no reply, refused snapshot)",
        () -> push.failedChecks(name),
        tag);
  }

  private void status(
      String name, String metric, String help, Function<LinkStatus, Number> read, Tag tag) {
    gauge(metric, help, () -> read.apply(coordinator.status(name)), tag);
  }

  private static int bit(boolean b) {
    return b ? 1 : 0;
  }

  private <T extends Number> void gauge(
      String name, String description, Supplier<T> value, Tag... tags) {
    registry.gauge(
        Metadata.builder().withName(name).withDescription(description).build(), value, tags);
  }

  @PreDestroy
  void stop() {
    if (reconciling != null) {
      reconciling.cancel(false);
    }
  }
}
