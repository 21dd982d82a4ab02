package dev.felu.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Backoff backoff = new Backoff(now::get);

  @Test
  void doublesFromOneSecondUpToAMinute() {
    long[] expected = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], Backoff.delayMillis(i + 1), "after failure " + (i + 1));
    }
  }

  @Test
  void aFreshBackoffAllowsAnAttemptAtOnce() {
    assertTrue(backoff.allowsAttempt());
  }

  @Test
  void afterAFailureTheNextAttemptWaitsTheDelayLessAtMostAFifth() {
    for (int failures = 1; failures <= 8; failures++) {
      long start = now.get();
      backoff.failed();
      long delay = Backoff.delayMillis(failures);
      now.set(start + delay - delay / 5 - 1);
      assertFalse(backoff.allowsAttempt(), "too early after failure " + failures);
      now.set(start + delay);
      assertTrue(backoff.allowsAttempt(), "due after failure " + failures);
    }
  }

  @Test
  void aSuccessStartsTheDoublingOver() {
    backoff.failed();
    backoff.failed();
    backoff.failed();
    backoff.succeeded();
    long start = now.get();
    backoff.failed();
    now.set(start + 1_000);
    assertTrue(backoff.allowsAttempt(), "one second after the first failure since the success");
  }

  @Test
  void retryNowLiftsTheWaitButKeepsTheCount() {
    backoff.failed();
    backoff.failed();
    assertFalse(backoff.allowsAttempt());
    backoff.retryNow();
    assertTrue(backoff.allowsAttempt());
    long start = now.get();
    backoff.failed();
    now.set(start + 3_000);
    assertFalse(backoff.allowsAttempt(), "the third failure in a row waits about 4 s");
  }
}
