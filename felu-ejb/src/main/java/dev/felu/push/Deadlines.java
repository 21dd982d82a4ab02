package dev.felu.push;

import java.time.Duration;

/**
 * The deadlines of the push path: no wait of the fleet driver lasts longer than one of these, so a
 * sync always ends, and the watchdog ({@link DriverWatch}) can tell a slow nameserver from a stuck
 * driver.
 */
final class Deadlines {
  /** TCP connect, TLS and WebSocket handshake together. */
  static final Duration CONNECT = Duration.ofSeconds(10);

  /** Handing one message to the socket (a peer that stops reading fills the buffers). */
  static final Duration SEND = Duration.ofSeconds(10);

  /** A status reply is tiny and immediate. */
  static final Duration STATUS_REPLY = Duration.ofSeconds(5);

  /** A transfer frame's reply; the Commit of a large snapshot builds and hashes the whole table. */
  static final Duration APPLY_REPLY = Duration.ofSeconds(30);

  /** How often every nameserver is checked. */
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);

  /**
   * No complete check round for this long (four intervals) means the driver is stalled: health,
   * metrics, the dashboard and the log say so. A link is part of a round once checked, or while it
   * moves (replies arrive): a long snapshot to a slow nameserver is not a stall.
   */
  static final Duration STALL_AFTER = Duration.ofSeconds(20);

  /**
   * A link quiet for longer than any deadline of its own is stuck in something that ignores
   * deadlines: the watchdog abandons it for a fresh one.
   */
  static final Duration ABANDON_AFTER =
      max(APPLY_REPLY, dev.felu.config.QueryDeadline.TRANSFER).plus(Duration.ofSeconds(15));

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private Deadlines() {}
}
