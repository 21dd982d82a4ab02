package dev.felu.link;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Nonces seen recently, each remembered until its handshake's timestamp leaves the acceptance
 * window (after that the timestamp alone refuses a replay). Bounded: when full even after dropping
 * expired entries it refuses new nonces — failing closed rather than forgetting one too early.
 */
final class NonceCache {
  private final int capacity;
  private final Map<String, Long> expiries = new LinkedHashMap<>();

  NonceCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("nonce cache capacity must be positive");
    }
    this.capacity = capacity;
  }

  enum Outcome {
    FRESH,
    REPLAYED,
    FULL
  }

  /** Records the nonce unless seen before; {@code expiresAt} and {@code now} in epoch seconds. */
  synchronized Outcome remember(String nonce, long expiresAt, long now) {
    Long seen = expiries.get(nonce);
    if (seen != null && seen >= now) {
      return Outcome.REPLAYED;
    }
    if (expiries.size() >= capacity) {
      evictExpired(now);
      if (expiries.size() >= capacity) {
        return Outcome.FULL;
      }
    }
    expiries.put(nonce, expiresAt);
    // insertion order is nearly expiry order: drop the expired head cheaply on every call
    Iterator<Long> it = expiries.values().iterator();
    while (it.hasNext() && it.next() < now) {
      it.remove();
    }
    return Outcome.FRESH;
  }

  private void evictExpired(long now) {
    expiries.values().removeIf(expiry -> expiry < now);
  }

  synchronized int size() {
    return expiries.size();
  }
}
