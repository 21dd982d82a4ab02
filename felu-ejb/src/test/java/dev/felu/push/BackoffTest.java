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
  void pastTheFastPeriodDoublesFromOneSecondUpToAMinute() {
    long[] expected = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], Backoff.delayMillis(i + 1), "after slow failure " + (i + 1));
    }
  }

  @Test
  void aFreshBackoffAllowsAnAttemptAtOnce() {
    assertTrue(backoff.allowsAttempt());
  }

  @Test
  void retriesEveryHalfSecondForThirtySecondsAfterTheFirstFailure() {
    long first = now.get();
    while (now.get() - first < 30_000) {
      long start = now.get();
      backoff.failed();
      now.set(start + 399);
      assertFalse(backoff.allowsAttempt(), "too early at " + (start - first) + " ms");
      now.set(start + 500);
      assertTrue(backoff.allowsAttempt(), "due at " + (start - first) + " ms");
    }
  }

  @Test
  void afterTheFastPeriodTheNextAttemptWaitsTheDelayLessAtMostAFifth() {
    backoff.failed();
    now.addAndGet(30_000);
    for (int failures = 1; failures <= 8; failures++) {
      long start = now.get();
      backoff.failed();
      long delay = Backoff.delayMillis(failures);
      now.set(start + delay - delay / 5 - 1);
      assertFalse(backoff.allowsAttempt(), "too early after slow failure " + failures);
      now.set(start + delay);
      assertTrue(backoff.allowsAttempt(), "due after slow failure " + failures);
    }
  }

  @Test
  void aSuccessStartsTheWaitsOver() {
    backoff.failed();
    now.addAndGet(40_000);
    backoff.failed();
    backoff.failed();
    backoff.succeeded();
    long start = now.get();
    backoff.failed();
    now.set(start + 500);
    assertTrue(backoff.allowsAttempt(), "half a second after the first failure since the success");
  }

  @Test
  void tellsHowLongUntilTheNextAttempt() {
    assertEquals(0, backoff.millisUntilAttempt());
    backoff.failed();
    long wait = backoff.millisUntilAttempt();
    assertTrue(wait > 0 && wait <= 500, "waits " + wait);
    now.addAndGet(500);
    assertEquals(0, backoff.millisUntilAttempt());
  }

  @Test
  void retryNowLiftsTheWaitButKeepsTheCount() {
    backoff.failed();
    now.addAndGet(30_000);
    backoff.failed();
    backoff.failed();
    assertFalse(backoff.allowsAttempt());
    backoff.retryNow();
    assertTrue(backoff.allowsAttempt());
    long start = now.get();
    backoff.failed();
    now.set(start + 3_000);
    assertFalse(backoff.allowsAttempt(), "the third failure past the fast period waits about 4 s");
  }
}
