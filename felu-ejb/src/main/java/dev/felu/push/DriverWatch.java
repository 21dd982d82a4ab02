package dev.felu.push;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Whether the fleet driver keeps completing check rounds. A round is complete once the registry was
 * read (the timer's reconciliation) and every link was checked or moved since; its time is the
 * oldest of those. Computed from timestamps when asked, so health can tell a stall even when every
 * background thread is stuck.
 */
final class DriverWatch {
  private volatile long reconciledNanos = System.nanoTime();
  private volatile String reconcileProblem;

  /** The timer read the registry and reconciled the links. */
  void reconciled() {
    reconciledNanos = System.nanoTime();
    reconcileProblem = null;
  }

  /** The timer could not read the registry (the links are still synced as they were). */
  void reconcileFailed(String why) {
    reconcileProblem = why;
  }

  /** How long ago the registry was last read. */
  Duration sinceLastReconcile() {
    return Duration.ofNanos(System.nanoTime() - reconciledNanos);
  }

  /** How long ago the last complete round ended, as of now. */
  Duration sinceLastRound(Collection<NameserverLink> links) {
    long now = System.nanoTime();
    long oldest = now - reconciledNanos;
    for (NameserverLink l : links) {
      oldest = Math.max(oldest, l.quietNanos());
    }
    return Duration.ofNanos(oldest);
  }

  /** The stall, when the last complete round ended longer than {@code after} ago. */
  Optional<FleetStall> stall(Collection<NameserverLink> links, Duration after) {
    long now = System.nanoTime();
    long limit = after.toNanos();
    long oldest = 0;
    List<String> stuck = new ArrayList<>();
    long registry = now - reconciledNanos;
    if (registry > limit) {
      String why = reconcileProblem;
      stuck.add(
          "the nameserver registry was not read for "
              + seconds(registry)
              + (why == null ? " (the check timer did not run)" : " (" + why + ")"));
      oldest = registry;
    }
    for (NameserverLink l : links) {
      long quiet = l.quietNanos();
      if (quiet > limit) {
        stuck.add(l.name() + ": " + l.step() + ", no progress for " + seconds(quiet));
        oldest = Math.max(oldest, quiet);
      }
    }
    if (stuck.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new FleetStall(
            Instant.now().minusNanos(oldest).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
            String.join("; ", stuck)));
  }

  private static String seconds(long nanos) {
    return Duration.ofNanos(nanos).toSeconds() + " s";
  }
}
