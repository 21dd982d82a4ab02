package dev.felu.update;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.xbill.DNS.Name;

/**
 * Updates per second each TSIG key may send ({@code felu.update.rate-per-key}): a token bucket per
 * key holding at most one second's worth, so a burst of that size passes and a steady stream is
 * held to the rate. Zero or less: no limit.
 */
public final class KeyRateLimit {
  private final double perSecond;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<Name, Bucket> buckets = new ConcurrentHashMap<>();

  public KeyRateLimit(double perSecond, LongSupplier nanos) {
    this.perSecond = perSecond;
    this.nanos = nanos;
  }

  public static KeyRateLimit none() {
    return new KeyRateLimit(0, System::nanoTime);
  }

  /** Takes one update from the key's bucket; false when it is empty. */
  public boolean tryAcquire(Name key) {
    if (perSecond <= 0) {
      return true;
    }
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(perSecond, nanos.getAsLong()));
    synchronized (b) {
      long now = nanos.getAsLong();
      b.tokens = Math.min(perSecond, b.tokens + (now - b.at) / 1e9 * perSecond);
      b.at = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return true;
      }
      return false;
    }
  }

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }
}
