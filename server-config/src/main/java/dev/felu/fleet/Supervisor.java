package dev.felu.fleet;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the fleet's server processes running, as systemd's {@code Restart=on-failure} does for an
 * operator: a process that ends while the fleet runs (an {@code OutOfMemoryError} ends a JVM with
 * exit code {@value HeapSettings#OUT_OF_MEMORY_EXIT}, a crash, a kill) is reported loudly, with its
 * heap dump if it wrote one, and started again after a back-off that doubles with every recent
 * restart. A process that ends more than {@link Policy#maxRestarts()} times within {@link
 * Policy#window()} stays down, loudly: restarting it again would only repeat the failure.
 *
 * <p>One watcher thread per process; each wait has a deadline of one second so that {@link
 * #close()} (which the fleet calls before it stops its processes, so that a stop is not taken for a
 * failure) ends every watcher promptly.
 */
final class Supervisor implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Supervisor.class.getName());

  /** A process the supervisor watches and starts again. */
  interface Child {
    String name();

    /**
     * The process that runs now (empty when none does). Waiting on it must work for processes that
     * are not the launcher's children too (the Payara domain, started by asadmin).
     */
    Optional<ProcessHandle> process();

    /** Its exit code, when it can be known (only the launcher's own children report one). */
    OptionalInt exitCode();

    /** True after the fleet stopped it (not a failure: it is not started again). */
    boolean stoppedOnPurpose();

    /** Starts it again; returns when it is ready, throws when it did not come up. */
    void restart() throws Exception;
  }

  /**
   * When to give up: more than {@code maxRestarts} restarts within {@code window}. The first
   * restart waits {@code firstBackoff}, each further one within the window twice as long, at most
   * {@code maxBackoff}.
   */
  record Policy(int maxRestarts, Duration window, Duration firstBackoff, Duration maxBackoff) {
    static final Policy DEFAULT =
        new Policy(5, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofMinutes(1));

    Duration backoff(int recentRestarts) {
      long millis = firstBackoff.toMillis() << Math.min(recentRestarts, 20);
      return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
  }

  private final Policy policy;
  private final Function<Long, Optional<java.nio.file.Path>> heapDumps;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<Thread> watchers = new ArrayList<>();
  private final Map<String, AtomicInteger> restarts = new ConcurrentHashMap<>();
  private final Map<String, Boolean> gaveUp = new ConcurrentHashMap<>();

  /**
   * @param heapDumps the heap dump a process (by PID) wrote, if any ({@link HeapSettings#dumpOf})
   */
  Supervisor(Policy policy, Function<Long, Optional<java.nio.file.Path>> heapDumps) {
    this.policy = policy;
    this.heapDumps = heapDumps;
  }

  /** Watches the child from now on (it runs already). */
  synchronized void watch(Child child) {
    restarts.put(child.name(), new AtomicInteger());
    Thread t = new Thread(() -> supervise(child), "supervisor " + child.name());
    t.setDaemon(true);
    watchers.add(t);
    t.start();
  }

  /** How often the child was started again so far. */
  int restarts(String name) {
    AtomicInteger n = restarts.get(name);
    return n == null ? 0 : n.get();
  }

  /** True once the supervisor stopped restarting the child (too many restarts in the window). */
  boolean gaveUp(String name) {
    return gaveUp.getOrDefault(name, false);
  }

  private void supervise(Child child) {
    Deque<Long> recent = new ArrayDeque<>(); // nanoTime of each restart within the window
    try {
      while (!isClosed()) {
        if (child.stoppedOnPurpose()) {
          closed.await(1, TimeUnit.SECONDS);
          continue;
        }
        Optional<ProcessHandle> running = child.process();
        if (running.isPresent() && running.get().isAlive()) {
          try {
            running.get().onExit().get(1, TimeUnit.SECONDS);
          } catch (TimeoutException e) {
            // look again: closed, stopped on purpose, or still running
          }
          continue;
        }
        long now = System.nanoTime();
        while (!recent.isEmpty() && now - recent.peekFirst() > policy.window().toNanos()) {
          recent.removeFirst();
        }
        String why = running.map(p -> describe(child, p.pid())).orElse("did not come up");
        if (recent.size() >= policy.maxRestarts()) {
          // said first, then marked: whoever sees gaveUp has the reason in the log already
          LOG.severe(
              child.name()
                  + " "
                  + why
                  + "; it ended "
                  + (recent.size() + 1)
                  + " times within "
                  + policy.window().toMinutes()
                  + " min: giving up, it stays down until the fleet is started again");
          gaveUp.put(child.name(), true);
          return;
        }
        Duration backoff = policy.backoff(recent.size());
        LOG.severe(
            child.name()
                + " "
                + why
                + "; restarting in "
                + backoff.toMillis()
                + " ms (restart "
                + (recent.size() + 1)
                + " of at most "
                + policy.maxRestarts()
                + " within "
                + policy.window().toMinutes()
                + " min)");
        if (closed.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
        recent.addLast(System.nanoTime());
        restarts.get(child.name()).incrementAndGet();
        try {
          child.restart();
          LOG.warning(child.name() + " is running again");
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          if (isClosed()) {
            return;
          }
          LOG.log(Level.SEVERE, child.name() + " did not come up again: " + e.getMessage());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | RuntimeException e) {
      LOG.log(Level.SEVERE, "supervising " + child.name() + " failed; it is no longer watched", e);
    }
  }

  /** "exited with code 3 (out of memory), heap dump in …". */
  private String describe(Child child, long pid) {
    OptionalInt code = child.exitCode();
    Optional<java.nio.file.Path> dump = heapDumps.apply(pid);
    StringBuilder s = new StringBuilder();
    s.append("(pid ").append(pid).append(") exited");
    if (code.isPresent()) {
      s.append(" with code ").append(code.getAsInt());
    } else {
      s.append(" unexpectedly");
    }
    if ((code.isPresent() && code.getAsInt() == HeapSettings.OUT_OF_MEMORY_EXIT)
        || dump.isPresent()) {
      s.append(" (out of memory)");
    }
    dump.ifPresent(d -> s.append(", heap dump in ").append(d));
    return s.toString();
  }

  private boolean isClosed() {
    return closed.getCount() == 0;
  }

  /** Stops watching: a process that ends from now on stays down. Waits for the watchers. */
  @Override
  public synchronized void close() throws InterruptedException {
    closed.countDown();
    for (Thread t : watchers) {
      t.interrupt(); // a restart in progress gives up (its waits are interruptible)
    }
    for (Thread t : watchers) {
      t.join(TimeUnit.SECONDS.toMillis(30));
      if (t.isAlive()) {
        LOG.warning(t.getName() + " did not end within 30 s");
      }
    }
    watchers.clear();
  }
}
