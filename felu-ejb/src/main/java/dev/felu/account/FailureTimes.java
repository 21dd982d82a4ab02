package dev.felu.account;

import java.util.Arrays;

/**
 * One key's newest failed logins as the data grid stores them: text, epoch milliseconds oldest
 * first, comma-separated ({@code "1764676800000,1764676801500"}), at most {@code limit} of them —
 * the newest {@code limit} failures decide whether the key is blocked, older ones never can. A JDK
 * type, so that the grid needs no class of ours; compared as text by JCache's {@code replace(key,
 * old, new)}. Pure functions: the same rules as {@link FailureWindow}.
 */
final class FailureTimes {
  private FailureTimes() {}

  /** The times in {@code stored} (null or unreadable text: none). */
  static long[] parse(String stored) {
    if (stored == null || stored.isBlank()) {
      return new long[0];
    }
    try {
      return Arrays.stream(stored.split(",")).mapToLong(Long::parseLong).toArray();
    } catch (NumberFormatException e) {
      return new long[0]; // not ours: counted afresh
    }
  }

  /**
   * {@code stored} with a failure at {@code now} added: the times that left the window (at or
   * before {@code now - window}) dropped, at most the newest {@code limit} kept.
   */
  static String add(String stored, long now, int limit, long windowMillis) {
    long[] inside = inside(parse(stored), now, windowMillis);
    long[] kept = Arrays.copyOfRange(inside, Math.max(0, inside.length + 1 - limit), inside.length);
    StringBuilder s = new StringBuilder();
    for (long t : kept) {
      s.append(t).append(',');
    }
    return s.append(now).toString();
  }

  /** Whether {@code stored} holds {@code limit} failures inside the window that ends at now. */
  static boolean blocked(String stored, long now, int limit, long windowMillis) {
    return inside(parse(stored), now, windowMillis).length >= limit;
  }

  private static long[] inside(long[] times, long now, long windowMillis) {
    long oldest = now - windowMillis;
    return Arrays.stream(times).filter(t -> t > oldest).toArray();
  }
}
