package dev.felu.push;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Runs the syncs of the links on the fleet driver's own threads: at most one sync task per link
 * runs or waits, and requests for a link whose sync runs or waits coalesce into one more run, so a
 * slow nameserver never fills the queue and a burst of commits costs each nameserver at most two
 * syncs. A sync that leaves its link unconnected (refused, lost, backing off) is asked for again
 * when the link's backoff allows the next attempt ({@link #retryWhenDue}), so a nameserver that
 * comes back is connected within its backoff, not at the next 5-second check.
 */
final class SyncScheduler implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SyncScheduler.class.getName());

  /**
   * Syncs that run at once. Each waits at most for its deadlines, so a few stuck nameservers delay
   * the others by seconds, never forever; the server's shared executor (two threads by default) is
   * left to the rest of the application.
   */
  static final int SYNC_THREADS = 8;

  /** Sync tasks waiting: at most one per link, so this bounds only a runaway. */
  static final int SYNC_QUEUE = 10_000;

  private final ThreadPoolExecutor executor;
  private final ScheduledExecutorService timer;
  private final Consumer<NameserverLink> sync;

  /**
   * @param threads the server's managed thread factory
   * @param timer where a retry waits for its link's backoff (only schedules; syncs never run there)
   * @param sync one sync of one link; it must end (every wait has a deadline)
   */
  SyncScheduler(
      ThreadFactory threads, ScheduledExecutorService timer, Consumer<NameserverLink> sync) {
    this.timer = timer;
    this.sync = sync;
    executor =
        new ThreadPoolExecutor(
            SYNC_THREADS,
            SYNC_THREADS,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(SYNC_QUEUE),
            threads);
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * Asks for a sync of one link. Requests coalesce: while a sync of that link runs or waits, more
   * requests only make it run once more, so a slow nameserver never fills the executor.
   */
  void request(NameserverLink link) {
    link.syncRequested.set(true);
    if (link.syncScheduled.compareAndSet(false, true)) {
      try {
        link.step("waiting for a sync thread");
        executor.submit(() -> runSyncs(link));
      } catch (RuntimeException e) {
        link.syncScheduled.set(false); // the next check asks again
        LOG.warning("cannot schedule a sync of " + link.name() + ": " + RootCause.message(e));
      }
    }
  }

  private void runSyncs(NameserverLink link) {
    try {
      while (link.syncRequested.getAndSet(false) && !link.retired()) {
        sync.accept(link);
      }
    } finally {
      link.syncScheduled.set(false);
      if (link.syncRequested.get() && !link.retired()) {
        request(link);
      } else {
        retryWhenDue(link);
      }
    }
  }

  /**
   * A link left unconnected is synced again once its backoff allows a connection attempt; one retry
   * waits per link at a time, and a sync requested meanwhile (a check, a change) makes it redundant
   * but harmless.
   */
  private void retryWhenDue(NameserverLink link) {
    if (link.retired() || link.connected() || !link.retryScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      timer.schedule(
          () -> {
            link.retryScheduled.set(false);
            if (!link.retired() && !link.connected()) {
              request(link);
            }
          },
          Math.max(1, link.millisUntilConnect()),
          TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      link.retryScheduled.set(false); // the next check asks again
      LOG.warning("cannot schedule a retry of " + link.name() + ": " + RootCause.message(e));
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
