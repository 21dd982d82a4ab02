package dev.felu.ns.xfr;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the transfers in progress: a transfer takes a {@link Permit} before its first message and
 * gives it back when its stream closes (ended, or the client went away or timed out); with none
 * left the request is answered REFUSED. Thread-safe and lock-free.
 *
 * <p>Holding a permit costs no thread: answers are {@link TransferMessages} pulled one message at a
 * time, so the TCP listener's selector asks for the next message only when the socket has taken the
 * last (OP_WRITE), and its idle timeout closes — and so releases — a transfer whose client stopped
 * reading.
 */
public final class TransferLimiter {
  public static final int DEFAULT_MAX_CONCURRENT = 16;

  private final int max;
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();

  public TransferLimiter() {
    this(DEFAULT_MAX_CONCURRENT);
  }

  /**
   * @param max transfers at once, at least 1
   */
  public TransferLimiter(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("at least one transfer must be allowed at a time");
    }
    this.max = max;
  }

  /** A permit, or null when {@code max} transfers are in progress (answer REFUSED). */
  public Permit tryAcquire() {
    while (true) {
      int now = active.get();
      if (now >= max) {
        refused.incrementAndGet();
        return null;
      }
      if (active.compareAndSet(now, now + 1)) {
        return new Permit();
      }
    }
  }

  /** Transfers in progress. */
  public int active() {
    return active.get();
  }

  /** Requests refused for want of a permit since start. */
  public long refused() {
    return refused.get();
  }

  public int max() {
    return max;
  }

  /** One transfer's share; closing it more than once gives it back once. */
  public final class Permit implements AutoCloseable, Runnable {
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit() {}

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        active.decrementAndGet();
      }
    }

    /** As {@link #close()}: a permit can be a {@link TransferMessages#onClose} action. */
    @Override
    public void run() {
      close();
    }
  }
}
