package dev.felu.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailureWindowTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-11-28T12:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  final ManualClock clock = new ManualClock();
  final FailureWindow window = new FailureWindow(5, Duration.ofSeconds(60), clock);

  @Test
  void fiveFailuresInAMinuteBlockTheKeyUntilTheFirstLeavesTheWindow() {
    for (int i = 0; i < 4; i++) {
      window.failed("account:alice");
      clock.advance(Duration.ofSeconds(10));
    }
    assertFalse(window.blocked("account:alice"), "four failures are allowed");
    window.failed("account:alice"); // fifth, at t=40s
    assertTrue(window.blocked("account:alice"));
    clock.advance(Duration.ofSeconds(19)); // t=59s: the first (t=0) is still inside
    assertTrue(window.blocked("account:alice"));
    clock.advance(Duration.ofSeconds(1)); // t=60s: it has left
    assertFalse(window.blocked("account:alice"));
  }

  @Test
  void failuresSpreadOverMoreThanTheWindowNeverBlock() {
    for (int i = 0; i < 20; i++) {
      window.failed("address:192.0.2.1");
      clock.advance(Duration.ofSeconds(13));
      assertFalse(window.blocked("address:192.0.2.1"), "failure " + i);
    }
  }

  @Test
  void aSuccessClearsTheKeyAndKeysAreIndependent() {
    for (int i = 0; i < 5; i++) {
      window.failed("account:bob");
    }
    assertTrue(window.blocked("account:bob"));
    assertFalse(window.blocked("account:carol"));
    window.succeeded("account:bob");
    assertFalse(window.blocked("account:bob"));
  }

  @Test
  void refusesNonsenseSettings() {
    assertThrows(
        IllegalArgumentException.class, () -> new FailureWindow(0, Duration.ofSeconds(1), clock));
    assertThrows(IllegalArgumentException.class, () -> new FailureWindow(5, Duration.ZERO, clock));
  }
}
