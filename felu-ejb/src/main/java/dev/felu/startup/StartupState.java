package dev.felu.startup;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Starting, then started: set once by {@link StartupComplete}, read by the health checks. A plain
 * CDI bean, not an EJB, so that a probe during start-up reads "starting" at once instead of waiting
 * for (or setting off) the start-up singletons.
 */
@ApplicationScoped
public class StartupState {
  /** What the start-up left: when it ended, how long the JVM had run by then, the limits' store. */
  public record Started(Instant at, Duration sinceJvmStart, String limits) {}

  private volatile Started started;

  /** Marks the start-up done; later calls change nothing (the first end is the end). */
  public synchronized void started(Started how) {
    if (started == null) {
      started = how;
    }
  }

  /** Empty while the instance is still starting. */
  public Optional<Started> started() {
    return Optional.ofNullable(started);
  }
}
