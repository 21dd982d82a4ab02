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
  void retriesEveryHalfSecondWhileANameserverRestartsThenDoublesFromOneSecondUpToAMinute() {
    for (int failures = 1; failures <= 20; failures++) {
      assertEquals(500, Backoff.delayMillis(failures), "after failure " + failures);
    }
    long[] expected = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], Backoff.delayMillis(21 + i), "after failure " + (21 + i));
    }
  }

  @Test
  void aFreshBackoffAllowsAnAttemptAtOnce() {
    assertTrue(backoff.allowsAttempt());
  }

  @Test
  void afterAFailureTheNextAttemptWaitsTheDelayLessAtMostAFifth() {
    for (int failures = 1; failures <= 28; failures++) {
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
  void aSuccessStartsTheWaitsOver() {
    for (int i = 0; i < 25; i++) {
      backoff.failed();
    }
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
    for (int i = 0; i < 22; i++) {
      backoff.failed();
    }
    assertFalse(backoff.allowsAttempt());
    backoff.retryNow();
    assertTrue(backoff.allowsAttempt());
    long start = now.get();
    backoff.failed();
    now.set(start + 3_000);
    assertFalse(backoff.allowsAttempt(), "the 23rd failure in a row waits about 4 s");
  }
}
