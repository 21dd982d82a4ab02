package dev.felu.push;

import dev.felu.nameserver.LinkCredentials;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Which key one link's handshakes are signed with (ARCHITECTURE.md#flow-key-rotation): during a
 * rotation the pending key is tried first — when connecting, and on an open link every {@value
 * #PENDING_RETRY_MILLIS} ms after it was refused — and the active one otherwise; a pending key the
 * nameserver accepted becomes the active one here at once (the caller promotes it in the registry).
 */
final class LinkKeys {
  static final long PENDING_RETRY_MILLIS = 5_000;

  private final LongSupplier clockMillis;
  private volatile LinkCredentials credentials;
  private volatile long nextPendingAttemptMillis;

  LinkKeys(LinkCredentials credentials) {
    this(credentials, System::currentTimeMillis);
  }

  /** With the given clock (milliseconds), for tests. */
  LinkKeys(LinkCredentials credentials, LongSupplier clockMillis) {
    this.credentials = credentials;
    this.clockMillis = clockMillis;
  }

  LinkCredentials current() {
    return credentials;
  }

  /**
   * Takes the registry's keys. A new pending key is due at once.
   *
   * @return whether the active key changed: a connection signed with the old one must go
   */
  boolean update(LinkCredentials next) {
    LinkCredentials old = credentials;
    credentials = next;
    if (!Objects.equals(old.pending(), next.pending())) {
      nextPendingAttemptMillis = 0;
    }
    return !Objects.equals(old.active(), next.active());
  }

  /** Whether a pending key waits to be tried now. */
  boolean pendingDue() {
    return credentials.pending() != null && clockMillis.getAsLong() >= nextPendingAttemptMillis;
  }

  /** The nameserver refused the pending key (or could not be asked): try it again later. */
  void pendingRefused() {
    nextPendingAttemptMillis = clockMillis.getAsLong() + PENDING_RETRY_MILLIS;
  }

  /**
   * The nameserver accepted the pending key of {@code tried}: it is the active key now.
   *
   * @return its id, for the registry's promotion
   */
  String accepted(LinkCredentials tried) {
    credentials = new LinkCredentials(tried.nameserver(), tried.pending(), null);
    return tried.pending().id();
  }
}
