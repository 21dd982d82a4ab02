package dev.felu.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.felu.push.FlapFilter.Health;
import org.junit.jupiter.api.Test;

class FlapFilterTest {
  @Test
  void twoResultsInARowChangeTheStateOneDoesNot() {
    FlapFilter f = new FlapFilter();
    assertEquals(Health.UNKNOWN, f.record(true));
    assertEquals(Health.UP, f.record(true));
    assertEquals(Health.UP, f.record(false), "one failure is a flap");
    assertEquals(Health.UP, f.record(true));
    assertEquals(Health.UP, f.record(false));
    assertEquals(Health.DOWN, f.record(false), "two failures in a row");
    assertEquals(Health.DOWN, f.record(true), "one success is a flap");
    assertEquals(Health.DOWN, f.record(false));
    assertEquals(Health.DOWN, f.record(true));
    assertEquals(Health.UP, f.record(true));
  }

  @Test
  void aNewNameserverThatFailsTwiceIsDown() {
    FlapFilter f = new FlapFilter();
    assertEquals(Health.UNKNOWN, f.record(false));
    assertEquals(Health.DOWN, f.record(false));
  }
}
