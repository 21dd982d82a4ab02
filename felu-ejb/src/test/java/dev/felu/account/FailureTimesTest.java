package dev.felu.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FailureTimesTest {
  static final long T0 = 1_764_676_800_000L;
  static final long MINUTE = 60_000;

  @Test
  void keepsOnlyTheNewestLimitFailuresOldestFirst() {
    String s = null;
    for (int i = 0; i < 8; i++) {
      s = FailureTimes.add(s, T0 + i * 1000, 5, MINUTE);
    }
    assertEquals(
        (T0 + 3000) + "," + (T0 + 4000) + "," + (T0 + 5000) + "," + (T0 + 6000) + "," + (T0 + 7000),
        s);
  }

  @Test
  void dropsFailuresThatLeftTheWindow() {
    String s = FailureTimes.add(null, T0, 5, MINUTE);
    s = FailureTimes.add(s, T0 + 1000, 5, MINUTE);
    // at T0 + 60 s the first is out (the window is (now - 60 s, now]), the second still in
    assertEquals((T0 + 1000) + "," + (T0 + MINUTE), FailureTimes.add(s, T0 + MINUTE, 5, MINUTE));
  }

  @Test
  void blockedWithLimitFailuresInsideTheWindowAsFailureWindowIs() {
    String s = null;
    for (int i = 0; i < 4; i++) {
      s = FailureTimes.add(s, T0 + i * 10_000, 5, MINUTE);
    }
    assertFalse(FailureTimes.blocked(s, T0 + 40_000, 5, MINUTE), "four are allowed");
    s = FailureTimes.add(s, T0 + 40_000, 5, MINUTE);
    assertTrue(FailureTimes.blocked(s, T0 + 40_000, 5, MINUTE));
    assertTrue(FailureTimes.blocked(s, T0 + 59_999, 5, MINUTE), "the first is still inside");
    assertFalse(FailureTimes.blocked(s, T0 + MINUTE, 5, MINUTE), "the first has left");
  }

  @Test
  void readsNothingFromNullOrForeignText() {
    assertArrayEquals(new long[0], FailureTimes.parse(null));
    assertArrayEquals(new long[0], FailureTimes.parse(""));
    assertArrayEquals(new long[0], FailureTimes.parse("not,times"));
    assertEquals(String.valueOf(T0), FailureTimes.add("garbage", T0, 5, MINUTE));
  }
}
