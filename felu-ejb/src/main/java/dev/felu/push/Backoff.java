package dev.felu.push;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * When a link that failed may try to connect again: exponential backoff, 1, 2, 4 … 60 s after the
 * 1st, 2nd, 3rd … failure in a row, less up to a fifth at random so that links that failed together
 * do not all retry together.
 */
final class Backoff {
  static final long MAX_MILLIS = 60_000;

  private final LongSupplier clockMillis;
  private long failures;
  private volatile long nextAttemptMillis;

  Backoff() {
    this(System::currentTimeMillis);
  }

  /** With the given clock (milliseconds), for tests. */
  Backoff(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  /** The longest wait after the given number of failures in a row (before the jitter). */
  static long delayMillis(long failures) {
    return Math.min(MAX_MILLIS, 1000L << Math.min(failures - 1, 6));
  }

  /** An attempt failed: the next one waits, longer than after the previous failure. */
  synchronized void failed() {
    failures++;
    long backoff = delayMillis(failures);
    long jitter = ThreadLocalRandom.current().nextLong(backoff / 5 + 1);
    nextAttemptMillis = clockMillis.getAsLong() + backoff - jitter;
  }

  /** An attempt succeeded: the next failure waits the shortest time again. */
  synchronized void succeeded() {
    failures = 0;
  }

  /**
   * The next attempt may start at once (the address or key changed: the old failures say nothing).
   */
  void retryNow() {
    nextAttemptMillis = 0;
  }

  /** Whether an attempt may start now. */
  boolean allowsAttempt() {
    return clockMillis.getAsLong() >= nextAttemptMillis;
  }
}
