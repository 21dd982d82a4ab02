package dev.felu.account;

import dev.felu.cluster.CacheEntries;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;
import javax.cache.Cache;

/**
 * {@link FailureWindow}'s rules over a data-grid cache that every management instance shares, so
 * that N instances behind a load balancer allow {@code limit} failed logins per window in all, not
 * N × {@code limit}. An entry is a key's newest failures as text ({@link FailureTimes}), changed by
 * compare-and-set ({@link CacheEntries}); the cache's entries expire a window after their last
 * write, so the grid holds only keys that failed within the last window. Times are wall-clock
 * milliseconds: the instances' clocks must agree to well within the window (NTP).
 *
 * <p>When the grid fails (a member leaving, a partition moving), the call falls back to the {@code
 * local} window of this instance rather than failing the login, with one warning when it starts and
 * one line when the grid answers again.
 */
public final class GridFailureWindow implements FailureCounts {
  private static final Logger LOG = Logger.getLogger(GridFailureWindow.class.getName());

  private final Cache<String, String> cache;
  private final int limit;
  private final long windowMillis;
  private final Clock clock;
  private final FailureWindow local;
  private volatile boolean failing;

  public GridFailureWindow(Cache<String, String> cache, int limit, Duration window, Clock clock) {
    this.local = new FailureWindow(limit, window, clock); // checks the settings
    this.cache = cache;
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.clock = clock;
  }

  @Override
  public boolean blocked(String key) {
    try {
      boolean blocked =
          FailureTimes.blocked(cache.get(key), clock.millis(), limit, windowMillis)
              || local.blocked(key);
      answered();
      return blocked;
    } catch (RuntimeException e) {
      failed(e);
      return local.blocked(key);
    }
  }

  @Override
  public void failed(String key) {
    try {
      long now = clock.millis();
      if (!CacheEntries.update(cache, key, s -> FailureTimes.add(s, now, limit, windowMillis))) {
        local.failed(key); // other instances won every race: this one still counts here
      }
      answered();
    } catch (RuntimeException e) {
      failed(e);
      local.failed(key);
    }
  }

  @Override
  public void succeeded(String key) {
    local.succeeded(key);
    try {
      cache.remove(key);
      answered();
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void failed(RuntimeException e) {
    if (!failing) {
      failing = true;
      LOG.warning(
          "the data grid failed ("
              + e
              + "): login failures are counted in this instance's memory until it answers again");
    }
  }

  private void answered() {
    if (failing) {
      failing = false;
      LOG.info("the data grid answers again: login failures are counted in it");
    }
  }
}
