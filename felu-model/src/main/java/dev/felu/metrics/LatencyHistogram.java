package dev.felu.metrics;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A Prometheus-style histogram of durations with fixed upper bounds: lock-free and allocation-free
 * to record into (one {@link LongAdder} per bucket), cumulative when read, so that {@code
 * histogram_quantile()} over {@code rate(..._bucket[5m])} is exact to the bucket.
 *
 * <p>MicroProfile Metrics' own histograms on Payara derive bucket counts from a decaying sample
 * reservoir, not from every observation; counting here and exporting the counts keeps the buckets
 * monotonic. A reader sees each bucket as of some recent moment, not one consistent snapshot: the
 * {@code +Inf} bucket ({@link #count()}) may briefly differ from the last finite one by a few
 * observations in flight.
 */
public final class LatencyHistogram {
  private final long[] boundsNanos;
  private final List<Double> boundsSeconds;
  private final LongAdder[] buckets;
  private final LongAdder sumNanos = new LongAdder();

  /**
   * @param boundsSeconds upper bounds in seconds, strictly increasing, each positive
   */
  public LatencyHistogram(List<Double> boundsSeconds) {
    if (boundsSeconds.isEmpty()) {
      throw new IllegalArgumentException("a histogram needs at least one bound");
    }
    this.boundsSeconds = List.copyOf(boundsSeconds);
    this.boundsNanos = new long[boundsSeconds.size()];
    for (int i = 0; i < boundsNanos.length; i++) {
      double s = boundsSeconds.get(i);
      boundsNanos[i] = Math.round(s * 1e9);
      if (boundsNanos[i] <= 0 || (i > 0 && boundsNanos[i] <= boundsNanos[i - 1])) {
        throw new IllegalArgumentException(
            "bounds must be positive and increasing: " + boundsSeconds);
      }
    }
    this.buckets = new LongAdder[boundsNanos.length + 1]; // the last one: above every bound
    Arrays.setAll(buckets, i -> new LongAdder());
  }

  /** Records one duration; negative durations (a clock step) count as zero. */
  public void record(long nanos) {
    long n = Math.max(0, nanos);
    int i = 0;
    while (i < boundsNanos.length && n > boundsNanos[i]) {
      i++;
    }
    buckets[i].increment();
    sumNanos.add(n);
  }

  /** The upper bounds in seconds, without {@code +Inf}. */
  public List<Double> boundsSeconds() {
    return boundsSeconds;
  }

  /** Observations at or below bound {@code index} (Prometheus {@code _bucket{le=...}}). */
  public long cumulativeCount(int index) {
    long c = 0;
    for (int i = 0; i <= index; i++) {
      c += buckets[i].sum();
    }
    return c;
  }

  /** All observations (the {@code +Inf} bucket and {@code _count}). */
  public long count() {
    long c = 0;
    for (LongAdder b : buckets) {
      c += b.sum();
    }
    return c;
  }

  /** The sum of all observations in seconds ({@code _sum}). */
  public double sumSeconds() {
    return sumNanos.sum() / 1e9;
  }

  /** Receives the series of a histogram, for a metrics registry to publish them as gauges. */
  @FunctionalInterface
  public interface SeriesSink {
    /**
     * @param suffix {@code _bucket}, {@code _count} or {@code _sum}, to append to the base name
     * @param le the bucket's upper bound as Prometheus writes it ({@code 0.005}, {@code +Inf});
     *     null for {@code _count} and {@code _sum}
     * @param value reads the series' current value
     */
    void series(String suffix, String le, Supplier<Number> value);
  }

  /**
   * Hands every series of this histogram to {@code sink}: one {@code _bucket} per bound and {@code
   * +Inf}, then {@code _count} and {@code _sum}, each read when the sink's registry is scraped.
   */
  public void export(SeriesSink sink) {
    for (int b = 0; b < boundsSeconds.size(); b++) {
      int bucket = b;
      sink.series(
          "_bucket",
          BigDecimal.valueOf(boundsSeconds.get(b)).stripTrailingZeros().toPlainString(),
          () -> cumulativeCount(bucket));
    }
    sink.series("_bucket", "+Inf", this::count);
    sink.series("_count", null, this::count);
    sink.series("_sum", null, this::sumSeconds);
  }
}
