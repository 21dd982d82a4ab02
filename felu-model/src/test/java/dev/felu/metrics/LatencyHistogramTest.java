package dev.felu.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void countsEachObservationInTheFirstBucketWhoseBoundHoldsItCumulatively() {
    LatencyHistogram h = new LatencyHistogram(List.of(0.001, 0.01, 0.1));
    h.record(500_000); // 0.5 ms
    h.record(1_000_000); // exactly 1 ms: le="0.001" is inclusive
    h.record(5_000_000);
    h.record(2_000_000_000L); // above every bound: +Inf only
    assertEquals(2, h.cumulativeCount(0));
    assertEquals(3, h.cumulativeCount(1));
    assertEquals(3, h.cumulativeCount(2));
    assertEquals(4, h.count());
    assertEquals(2.0065, h.sumSeconds(), 1e-9);
  }

  @Test
  void exportsPrometheusSeriesReadAtScrapeTime() {
    LatencyHistogram h = new LatencyHistogram(List.of(0.005, 0.25, 1.0));
    Map<String, Supplier<Number>> series = new LinkedHashMap<>();
    h.export(
        (suffix, le, value) -> series.put(suffix + (le == null ? "" : "{le=" + le + "}"), value));
    assertEquals(
        List.of(
            "_bucket{le=0.005}",
            "_bucket{le=0.25}",
            "_bucket{le=1}",
            "_bucket{le=+Inf}",
            "_count",
            "_sum"),
        List.copyOf(series.keySet()));
    h.record(3_000_000); // recorded after export: the gauges read the histogram, not a copy
    h.record(2_000_000_000L);
    assertEquals(1L, series.get("_bucket{le=0.005}").get());
    assertEquals(1L, series.get("_bucket{le=1}").get());
    assertEquals(2L, series.get("_bucket{le=+Inf}").get());
    assertEquals(2L, series.get("_count").get());
    assertEquals(2.003, series.get("_sum").get().doubleValue(), 1e-9);
  }

  @Test
  void refusesBoundsThatDoNotIncrease() {
    assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(List.of(0.1, 0.1)));
    assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(List.of()));
  }
}
