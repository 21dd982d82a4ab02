package dev.felu.push;

import dev.felu.config.ConfigChanged;
import dev.felu.metrics.LatencyHistogram;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the push path measures, for the management server's metrics: push latency (a change's commit
 * until a nameserver reports holding it) and failed health checks per nameserver. Plain counters,
 * free of MicroProfile; {@code felu-web} exports them.
 *
 * <p>Latency is sampled once per change and nameserver, when the nameserver is found in sync at a
 * revision at or past the change. A nameserver seen for the first time only sets its baseline: a
 * new or restarted one would otherwise report the age of every change made before it came.
 */
@ApplicationScoped
public class PushMetrics {
  /** Upper bounds of the push latency histogram, in seconds. */
  public static final List<Double> LATENCY_BOUNDS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0);

  /** Commit times kept, like the deltas: a nameserver further behind is not sampled. */
  private static final int KEPT_COMMITS = 1000;

  private final LatencyHistogram latency = new LatencyHistogram(LATENCY_BOUNDS);
  private final NavigableMap<Long, Long> committedAt = new ConcurrentSkipListMap<>();
  private final Map<String, Long> sampledUpTo = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failedChecks = new ConcurrentHashMap<>();

  /** Runs before the push coordinator's own observer, so a fast nameserver is never missed. */
  void committed(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) @Priority(Interceptor.Priority.APPLICATION)
          ConfigChanged change) {
    committedAt.put(change.revision(), System.nanoTime());
    while (committedAt.size() > KEPT_COMMITS) {
      committedAt.pollFirstEntry();
    }
  }

  /** The nameserver holds {@code revision}, the head when it was checked. */
  void inSync(String nameserver, long revision) {
    long now = System.nanoTime();
    Long from = sampledUpTo.put(nameserver, revision);
    if (from == null || revision <= from) {
      return;
    }
    for (long at : committedAt.subMap(from, false, revision, true).values()) {
      latency.record(now - at);
    }
  }

  /** A check of the nameserver failed: no connection, no reply, or a refused snapshot. */
  void checkFailed(String nameserver) {
    failedChecks.computeIfAbsent(nameserver, n -> new LongAdder()).increment();
  }

  /** Commit → nameserver in sync, one observation per change and nameserver. */
  public LatencyHistogram pushLatency() {
    return latency;
  }

  /** Failed checks of one nameserver since the management server started. */
  public long failedChecks(String nameserver) {
    LongAdder a = failedChecks.get(nameserver);
    return a == null ? 0 : a.sum();
  }
}
