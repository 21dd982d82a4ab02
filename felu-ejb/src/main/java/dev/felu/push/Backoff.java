package dev.felu.push;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * When a link that failed may try to connect again: every {@value #FAST_MILLIS} ms for the first
 * {@value #FAST_FAILURES} failures in a row — about as long as a nameserver takes to restart, so a
 * restarted one is connected within half a second of being up — then exponential backoff, 1, 2, 4 …
 * 60 s, less up to a fifth at random so that links that failed together do not all retry together.
 * A failure counts until a reply arrives: a nameserver that accepts the connection and drops it
 * backs off like one that refuses it.
 */
final class Backoff {
  static final long MAX_MILLIS = 60_000;

  /** The wait after each of the first {@link #FAST_FAILURES} failures in a row. */
  static final long FAST_MILLIS = 500;

  /** Failures in a row retried after {@link #FAST_MILLIS}: 10 s of a nameserver restarting. */
  static final long FAST_FAILURES = 20;

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
    if (failures <= FAST_FAILURES) {
      return FAST_MILLIS;
    }
    return Math.min(MAX_MILLIS, 1000L << Math.min(failures - FAST_FAILURES - 1, 6));
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

  /** Milliseconds until an attempt may start, 0 when it may start now. */
  long millisUntilAttempt() {
    return Math.max(0, nextAttemptMillis - clockMillis.getAsLong());
  }

  /** Whether an attempt may start now. */
  boolean allowsAttempt() {
    return clockMillis.getAsLong() >= nextAttemptMillis;
  }
}
