package dev.felu.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The loop of one thread that makes this instance the fleet's driver while it holds the data grid's
 * lock (ARCHITECTURE.md#flow-cluster). Plain Java over a {@link HazelcastInstance}; {@link
 * FleetLeadership} runs it on a container thread and watches it.
 *
 * <p>The lock is the key {@value #LOCK_KEY} of the map {@value #MAP}, taken with {@code tryLock} by
 * this thread and held for as long as it runs: Hazelcast releases it when this member leaves the
 * grid (shut down, killed, cut off), and then another instance's {@code tryLock} takes it. The
 * winner takes a new epoch: strictly above the one stored under {@value #EPOCH_KEY} and at least
 * the current time in milliseconds, so epochs grow across takeovers and across a restart of the
 * whole grid (which forgets the map). The nameservers order config links by it. While it leads the
 * thread checks every {@code poll} that the stored epoch is still its own: after a split grid
 * merges, the side whose epoch was overwritten steps down.
 *
 * <p>Without a grid this instance leads alone with epoch {@code aloneEpoch} (its start time); when
 * a grid appears later (Payara starts it once every application is loaded) the instance competes
 * for the lock and keeps leading, under a new epoch, only if it wins. Once a grid was seen, its
 * loss never makes the instance lead alone: it waits for the grid.
 *
 * <p>Every wait has a deadline: {@code tryLock} waits at most {@code poll}, a read or write of the
 * epoch {@link #GRID_DEADLINE}, a pause {@code poll}; Hazelcast's own operation timeout bounds the
 * unlock.
 */
final class LeaderLock implements Runnable {
  private static final Logger LOG = Logger.getLogger(LeaderLock.class.getName());

  static final String MAP = "felu-fleet";
  static final String LOCK_KEY = "driver";
  static final String EPOCH_KEY = "epoch";

  /** How long one read or write of the epoch may take. */
  static final Duration GRID_DEADLINE = Duration.ofSeconds(5);

  /** Told of every change, on this loop's thread. */
  interface Listener {
    void gained(long epoch, String why);

    void lost(String why);
  }

  private final Supplier<Optional<HazelcastInstance>> grid;
  private final long aloneEpoch;
  private final LongSupplier clockMillis;
  private final Listener listener;
  private final Duration poll;

  private volatile boolean forceUnlockFirst;

  /**
   * Once a grid was seen this process never leads alone again: a grid that vanishes (shut down,
   * failed) does not make every instance a lone driver.
   */
  private volatile boolean sawGrid;

  private volatile boolean leads;
  private volatile boolean alone;
  private volatile long epoch = -1;
  private volatile boolean holdsLock;
  private volatile long beatNanos = System.nanoTime();
  private volatile boolean stopping;
  private volatile boolean ended;
  private volatile Thread thread;

  LeaderLock(
      Supplier<Optional<HazelcastInstance>> grid,
      long aloneEpoch,
      LongSupplier clockMillis,
      Listener listener,
      Duration poll,
      boolean forceUnlockFirst,
      boolean sawGrid) {
    this.grid = grid;
    this.aloneEpoch = aloneEpoch;
    this.clockMillis = clockMillis;
    this.listener = listener;
    this.poll = poll;
    this.forceUnlockFirst = forceUnlockFirst;
    this.sawGrid = sawGrid;
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    try {
      while (!stopping) {
        beatNanos = System.nanoTime();
        try {
          step();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
          // the grid failed under us: leading on is not safe, the next step tries again
          holdsLock = false;
          if (leads) {
            lose("the data grid failed: " + e);
          }
          LOG.log(Level.FINE, "a step of the fleet leadership failed", e);
          if (!pause()) {
            break;
          }
        }
      }
    } finally {
      if (leads) {
        lose(stopping ? "this instance stops" : "the leadership thread ended");
      }
      release();
      ended = true;
    }
  }

  private void step() throws InterruptedException, ExecutionException, TimeoutException {
    Optional<HazelcastInstance> hz = grid.get();
    if (hz.isEmpty()) {
      if (holdsLock || (leads && !alone)) {
        holdsLock = false;
        lose("the data grid stopped");
      }
      if (!leads && !sawGrid) {
        alone = true;
        gain(aloneEpoch, "no data grid: this instance drives the fleet alone");
      }
      pause();
      return;
    }
    sawGrid = true;
    IMap<String, Long> map = hz.get().getMap(MAP);
    if (forceUnlockFirst) {
      // the thread this one replaces stalled holding the lock: only this member can free it
      map.forceUnlock(LOCK_KEY);
      forceUnlockFirst = false;
    }
    if (!holdsLock) {
      if (map.tryLock(LOCK_KEY, poll.toMillis(), TimeUnit.MILLISECONDS)) {
        holdsLock = true;
        Long stored = await(map.getAsync(EPOCH_KEY).toCompletableFuture());
        long next = Math.max(stored == null ? 0 : stored + 1, clockMillis.getAsLong());
        await(map.setAsync(EPOCH_KEY, next).toCompletableFuture());
        alone = false;
        gain(
            next,
            "holds the fleet lock of the data grid ("
                + hz.get().getCluster().getMembers().size()
                + " members; last epoch "
                + (stored == null ? "none" : stored)
                + ")");
      } else if (leads) {
        lose("the data grid appeared and another instance holds its fleet lock");
      }
      return;
    }
    Long stored = await(map.getAsync(EPOCH_KEY).toCompletableFuture());
    if (stored == null || stored != epoch) {
      lose(
          "the data grid names epoch "
              + stored
              + ", not this instance's "
              + epoch
              + ": another instance drives the fleet");
      release();
      return;
    }
    pause();
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> f)
      throws InterruptedException, ExecutionException, TimeoutException {
    return f.get(GRID_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void gain(long now, String why) {
    epoch = now;
    leads = true;
    LOG.info("this instance drives the fleet, leadership epoch " + now + ": " + why);
    listener.gained(now, why);
  }

  private void lose(String why) {
    leads = false;
    alone = false;
    LOG.warning("this instance no longer drives the fleet: " + why);
    listener.lost(why);
  }

  /** Unlocks if this thread holds the lock (an unlock must come from the locking thread). */
  private void release() {
    if (!holdsLock) {
      return;
    }
    holdsLock = false;
    try {
      grid.get().ifPresent(h -> h.<String, Long>getMap(MAP).unlock(LOCK_KEY));
    } catch (RuntimeException e) {
      // not the owner any more, or the grid is gone: Hazelcast frees it with this member
      LOG.log(Level.FINE, "unlocking the fleet lock failed", e);
    }
  }

  /** Waits one poll; false when stopped meanwhile. */
  private boolean pause() {
    try {
      Thread.sleep(poll.toMillis());
      return !stopping;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Ends the loop: it unlocks and reports the loss on its own thread as it ends. */
  void stop() {
    stopping = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  boolean leads() {
    return leads;
  }

  long epoch() {
    return epoch;
  }

  /** Whether this thread may hold the grid's lock (for a replacement to force it free). */
  boolean holdsLock() {
    return holdsLock;
  }

  /** Nanoseconds since the loop last went round. */
  long quietNanos() {
    return System.nanoTime() - beatNanos;
  }

  boolean ended() {
    return ended;
  }
}
