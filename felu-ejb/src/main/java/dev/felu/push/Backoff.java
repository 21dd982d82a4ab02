package dev.felu.push;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * When a link that failed may try to connect again: every {@value #FAST_MILLIS} ms during the first
 * {@value #FAST_PERIOD_MILLIS} ms after the first failure in a row — longer than a nameserver takes
 * to restart even on a loaded machine, so a restarted one is connected within half a second of
 * being up — then exponential backoff, 1, 2, 4 … 60 s, each wait less up to a fifth at random so
 * that links that failed together do not all retry together. A failure counts until a reply
 * arrives: a nameserver that accepts the connection and drops it backs off like one that refuses
 * it.
 */
final class Backoff {
  static final long MAX_MILLIS = 60_000;

  /** The wait after each failure during the {@link #FAST_PERIOD_MILLIS}. */
  static final long FAST_MILLIS = 500;

  /** How long after the first failure in a row failures are retried after {@link #FAST_MILLIS}. */
  static final long FAST_PERIOD_MILLIS = 30_000;

  private final LongSupplier clockMillis;
  private long failures;
  private long firstFailureMillis;
  private long slowFailures;
  private volatile long nextAttemptMillis;

  Backoff() {
    this(System::currentTimeMillis);
  }

  /** With the given clock (milliseconds), for tests. */
  Backoff(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  /**
   * The longest wait after the given number of failures past the fast period (before the jitter).
   */
  static long delayMillis(long slowFailures) {
    return Math.min(MAX_MILLIS, 1000L << Math.min(slowFailures - 1, 6));
  }

  /** An attempt failed: the next one waits, longer than after the previous failure. */
  synchronized void failed() {
    long now = clockMillis.getAsLong();
    if (failures++ == 0) {
      firstFailureMillis = now;
    }
    long backoff =
        now - firstFailureMillis < FAST_PERIOD_MILLIS ? FAST_MILLIS : delayMillis(++slowFailures);
    long jitter = ThreadLocalRandom.current().nextLong(backoff / 5 + 1);
    nextAttemptMillis = now + backoff - jitter;
  }

  /** An attempt succeeded: the next failure waits the shortest time again. */
  synchronized void succeeded() {
    failures = 0;
    slowFailures = 0;
  }

  /**
   * The next attempt may start at once (the address or key changed: the old failures say nothing).
   */
  void retryNow() {
    nextAttemptMillis = 0;
  }

  /** Milliseconds until an attempt may start, 0 when it may start now. */
  long millisUntilAttempt() {
    return Math.max(0, nextAttemptMillis - clockMillis.getAsLong());
  }

  /** Whether an attempt may start now. */
  boolean allowsAttempt() {
    return clockMillis.getAsLong() >= nextAttemptMillis;
  }
}
