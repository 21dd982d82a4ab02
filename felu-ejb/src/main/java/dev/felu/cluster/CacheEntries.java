package dev.felu.cluster;

import java.util.function.UnaryOperator;
import javax.cache.Cache;

/**
 * Read-modify-write of one cache entry without a lock: JCache's {@code putIfAbsent} and {@code
 * replace(key, old, new)} used as compare-and-set, so that two instances changing one entry at once
 * cannot lose a change. No entry processor: that would send a class of ours to the grid's members.
 */
public final class CacheEntries {
  /** Tries before giving up when other writers win every race (a burst on one key). */
  public static final int ATTEMPTS = 32;

  private CacheEntries() {}

  /**
   * Sets the entry to {@code change.apply(current)} ({@code current} null when there is none),
   * atomically. Returns false when {@link #ATTEMPTS} other writers changed the entry first every
   * time: bounded, never waits.
   */
  public static boolean update(
      Cache<String, String> cache, String key, UnaryOperator<String> change) {
    for (int i = 0; i < ATTEMPTS; i++) {
      String old = cache.get(key);
      String next = change.apply(old);
      if (next == null) {
        throw new IllegalArgumentException("an update must give a value");
      }
      if (old == null ? cache.putIfAbsent(key, next) : cache.replace(key, old, next)) {
        return true;
      }
    }
    return false;
  }
}
