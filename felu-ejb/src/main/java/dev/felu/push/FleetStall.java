package dev.felu.push;

import java.time.Instant;

/**
 * The fleet driver has not completed a check round since {@code since}: a nameserver's sync that
 * does not move, or the registry that cannot be read.
 *
 * @param detail what is stuck and where, for health, the dashboard and the log
 */
public record FleetStall(Instant since, String detail) {
  /** The one-line text health and the dashboard show. */
  public String message() {
    return "fleet checks stalled since " + since + ": " + detail;
  }
}
