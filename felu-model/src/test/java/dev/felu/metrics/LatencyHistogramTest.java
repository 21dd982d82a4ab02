package dev.felu.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
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
  void refusesBoundsThatDoNotIncrease() {
    assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(List.of(0.1, 0.1)));
    assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(List.of()));
  }
}
