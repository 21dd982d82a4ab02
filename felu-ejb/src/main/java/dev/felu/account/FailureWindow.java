package dev.felu.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per key (an account, a client address) in a sliding window. A key with
 * {@code limit} failures inside the last {@code window} is blocked until the oldest of them leaves
 * the window; attempts refused while blocked are not counted, so waiting out the window always
 * works. A success clears the key. In this instance's memory; {@link GridFailureWindow} applies the
 * same rules in the data grid.
 */
public final class FailureWindow implements FailureCounts {
  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  public FailureWindow(int limit, Duration window, Clock clock) {
    if (limit < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("limit must be ≥ 1 and the window positive");
    }
    this.limit = limit;
    this.window = window;
    this.clock = clock;
  }

  @Override
  public boolean blocked(String key) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return false;
    }
    synchronized (times) {
      prune(times);
      return times.size() >= limit;
    }
  }

  @Override
  public void failed(String key) {
    Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      prune(times);
      times.addLast(clock.instant());
    }
    if (failures.size() > 100_000) {
      // an address sweep must not grow memory without bound: drop keys whose window has passed
      failures.entrySet().removeIf(e -> !blocked(e.getKey()) && e.getValue().isEmpty());
    }
  }

  @Override
  public void succeeded(String key) {
    failures.remove(key);
  }

  public Duration window() {
    return window;
  }

  private void prune(Deque<Instant> times) {
    Instant oldest = clock.instant().minus(window);
    while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
      times.removeFirst();
    }
  }
}
