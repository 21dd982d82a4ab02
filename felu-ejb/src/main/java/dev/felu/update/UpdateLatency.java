package dev.felu.update;

import dev.felu.metrics.LatencyHistogram;
import dev.felu.push.ServedEverywhere;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * How long an UPDATE that changed something takes, from the moment the endpoint received its bytes:
 * until its change committed ({@code felu_update_commit_seconds}) and until every enabled
 * nameserver serves its revision ({@code felu_update_served_seconds}), the figure an ACME client's
 * propagation wait depends on. Exported by {@code dev.felu.web.metrics.ManagementMetrics}.
 *
 * <p>The served moment is not polled: the push coordinator announces the revision every linked
 * nameserver has recorded ({@link ServedEverywhere}), and every pending update at or below it is
 * observed then. Bounded: at most {@link #MAX_PENDING} updates wait to be served (a nameserver that
 * is down, or a fleet without nameservers, serves nothing); beyond that the oldest is dropped and
 * counted ({@code felu_update_served_dropped_total}), never observed.
 */
@ApplicationScoped
public class UpdateLatency {
  /** Upper bounds of both histograms, in seconds (those of the push latency). */
  public static final List<Double> BOUNDS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0);

  /** Updates waiting to be served, at most. */
  public static final int MAX_PENDING = 1000;

  private final LongSupplier nanos;
  private final LatencyHistogram committed = new LatencyHistogram(BOUNDS);
  private final LatencyHistogram served = new LatencyHistogram(BOUNDS);
  private final ConcurrentSkipListMap<Long, Long> pending = new ConcurrentSkipListMap<>();
  private final LongAdder dropped = new LongAdder();
  private final AtomicLong servedEverywhere = new AtomicLong(Long.MIN_VALUE);

  public UpdateLatency() {
    this(System::nanoTime);
  }

  UpdateLatency(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /**
   * An UPDATE received at {@code receivedNanos} ({@link System#nanoTime}) committed {@code
   * revision} just now: its commit latency is observed, and it waits for its revision to be served.
   */
  public void committed(long revision, long receivedNanos) {
    committed.record(nanos.getAsLong() - receivedNanos);
    pending.put(revision, receivedNanos);
    while (pending.size() > MAX_PENDING) {
      if (pending.pollFirstEntry() != null) {
        dropped.increment();
      }
    }
    // the nameservers may have been faster than this call
    observeUpTo(servedEverywhere.get());
  }

  void served(@Observes ServedEverywhere event) {
    servedEverywhere.accumulateAndGet(event.revision(), Math::max);
    observeUpTo(event.revision());
  }

  private void observeUpTo(long revision) {
    long now = nanos.getAsLong();
    for (Map.Entry<Long, Long> e = pending.firstEntry();
        e != null && e.getKey() <= revision;
        e = pending.firstEntry()) {
      // whoever removes an entry observes it, once
      if (pending.remove(e.getKey(), e.getValue())) {
        served.record(now - e.getValue());
      }
    }
  }

  /** Received → committed, one observation per UPDATE that changed something. */
  public LatencyHistogram commitLatency() {
    return committed;
  }

  /** Received → every enabled nameserver serves it, one observation per such UPDATE. */
  public LatencyHistogram servedLatency() {
    return served;
  }

  /** Updates still waiting to be served. */
  public int pending() {
    return pending.size();
  }

  /** Updates dropped from the wait (more than {@link #MAX_PENDING}), never observed as served. */
  public long dropped() {
    return dropped.sum();
  }
}
