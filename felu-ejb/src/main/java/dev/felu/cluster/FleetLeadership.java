package dev.felu.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Exactly one management instance at a time drives the fleet (ARCHITECTURE.md#flow-cluster): the
 * one whose {@link LeaderLock} thread holds the data grid's fleet lock; without a grid, this
 * instance alone. {@link #leads()} and {@link #epoch()} are read by the fleet driver ({@code
 * dev.felu.push.PushCoordinator}), which is told of every change by {@link LeadershipChanged}.
 *
 * <p>The thread is watched every {@value #WATCH_SECONDS} s: when it ended or has not gone round for
 * {@link #STALL_AFTER}, {@link #stall()} says so (the fleet driver's readiness check shows it) and
 * a fresh thread replaces it, forcing the lock free if the old one held it. At shutdown the thread
 * unlocks, so another instance takes over at once rather than after failure detection.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class FleetLeadership {
  private static final Logger LOG = Logger.getLogger(FleetLeadership.class.getName());

  static final int WATCH_SECONDS = 5;

  /** How often the thread tries the lock, or checks that it still leads. */
  static final Duration POLL = Duration.ofSeconds(1);

  /** Silent this long (a poll, the grid's deadlines and more), the thread is stuck. */
  static final Duration STALL_AFTER = Duration.ofSeconds(30);

  @Inject DataGrid grid;
  @Inject Event<LeadershipChanged> changes;

  @Resource ManagedThreadFactory threads;
  @Resource ManagedScheduledExecutorService scheduler;

  /** Without a grid, the epoch is when this JVM started: later than any earlier run's. */
  private final long aloneEpoch = ManagementFactory.getRuntimeMXBean().getStartTime();

  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong restarts = new AtomicLong();
  private volatile LeaderLock current;
  private volatile Thread thread;
  private volatile Instant stalledSince;
  private ScheduledFuture<?> watchdog;

  @PostConstruct
  void begin() {
    start(false);
    watchdog =
        scheduler.scheduleWithFixedDelay(
            this::watch, WATCH_SECONDS, WATCH_SECONDS, TimeUnit.SECONDS);
  }

  private synchronized void start(boolean forceUnlock) {
    long gen = generation.incrementAndGet();
    LeaderLock lock =
        new LeaderLock(
            grid::instance,
            aloneEpoch,
            System::currentTimeMillis,
            new LeaderLock.Listener() {
              @Override
              public void gained(long epoch, String why) {
                if (generation.get() == gen) {
                  fire(new LeadershipChanged(true, epoch, why));
                }
              }

              @Override
              public void lost(String why) {
                if (generation.get() == gen) {
                  fire(new LeadershipChanged(false, -1, why));
                }
              }
            },
            POLL,
            forceUnlock,
            grid.seen());
    current = lock;
    Thread t = threads.newThread(lock);
    t.setName("felu-fleet-leadership-" + gen);
    thread = t;
    t.start();
  }

  private void fire(LeadershipChanged change) {
    try {
      changes.fire(change);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "an observer of the fleet leadership failed", e);
    }
  }

  /** Whether this instance drives the fleet now. */
  public boolean leads() {
    return current.leads();
  }

  /** The leadership epoch while this instance leads; -1 otherwise. */
  public long epoch() {
    LeaderLock l = current;
    return l.leads() ? l.epoch() : -1;
  }

  /** Whether a data grid runs (else this instance is alone). */
  public boolean clustered() {
    return grid.present();
  }

  /** Members of the data grid, 1 without one. */
  public int members() {
    return grid.members();
  }

  /** Leadership threads replaced by the watchdog since start. */
  public long restarts() {
    return restarts.get();
  }

  /** What is wrong with the leadership thread, while something is. */
  public Optional<String> stall() {
    LeaderLock l = current;
    Instant since = stalledSince;
    if (l.ended()) {
      return Optional.of("the fleet leadership thread ended; a new one starts");
    }
    long quiet = l.quietNanos();
    if (quiet > STALL_AFTER.toNanos()) {
      return Optional.of(
          "the fleet leadership thread has not gone round for "
              + Duration.ofNanos(quiet).toSeconds()
              + " s"
              + (since == null ? "" : " (stalled since " + since + ")"));
    }
    return Optional.empty();
  }

  /** Replaces a thread that ended or stalled (at most once per watch). */
  void watch() {
    try {
      Optional<String> wrong = stall();
      if (wrong.isEmpty()) {
        stalledSince = null;
        return;
      }
      if (stalledSince == null) {
        stalledSince = Instant.now();
      }
      LeaderLock old = current;
      LOG.severe(wrong.get() + "; replacing it");
      boolean held = old.holdsLock();
      boolean led = old.leads();
      generation.incrementAndGet(); // the old thread's news is ignored from here on
      old.stop();
      if (led) {
        fire(new LeadershipChanged(false, -1, "the leadership thread is replaced"));
      }
      restarts.incrementAndGet();
      start(held);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "a watch of the fleet leadership failed; the next one retries", e);
    }
  }

  @PreDestroy
  void end() {
    if (watchdog != null) {
      watchdog.cancel(false);
    }
    generation.incrementAndGet();
    LeaderLock l = current;
    l.stop();
    Thread t = thread;
    try {
      // the lock is released by its own thread; a stuck one is freed when this member leaves
      t.join(LeaderLock.GRID_DEADLINE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
