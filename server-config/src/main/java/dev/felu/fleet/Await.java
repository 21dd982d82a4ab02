package dev.felu.fleet;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Polls a condition until it holds or a deadline passes: the fleet waits on facts, never on sleeps
 * alone.
 */
public final class Await {
  private Await() {}

  /** Thrown by a probe when waiting longer cannot help (the process it waits for has died). */
  public static final class Abort extends RuntimeException {
    public Abort(String message) {
      super(message);
    }
  }

  public static <T> T until(String what, Duration timeout, Callable<T> probe) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (true) {
      try {
        T value = probe.call();
        if (value != null && !Boolean.FALSE.equals(value)) {
          return value;
        }
      } catch (Abort e) {
        throw e;
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        String cause = last == null ? "" : " (last error: " + last.getMessage() + ")";
        throw new java.util.concurrent.TimeoutException(
            "gave up after " + timeout.toSeconds() + " s waiting for " + what + cause);
      }
      Thread.sleep(100);
    }
  }
}
