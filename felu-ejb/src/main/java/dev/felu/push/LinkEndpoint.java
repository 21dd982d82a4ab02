package dev.felu.push;

import dev.felu.protocol.Message;
import dev.felu.protocol.Reply;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One nameserver's end of the config link as a sync uses it ({@link SyncSteps}): connect, ask what
 * it holds, send a transfer's frames and await their replies, and keep the link's own bookkeeping
 * (what it is doing, a forced resync waiting, the last revision recorded). {@link NameserverLink}
 * is the WebSocket one; a test drives the sync against one in memory.
 */
interface LinkEndpoint {
  String name();

  /** The nameserver was removed or disabled: the link never connects again. */
  boolean retired();

  boolean connected();

  /** Whether the link's {@link Backoff} allows a connection attempt now. */
  boolean mayConnect();

  /**
   * Connects, with the pending key if there is one, else (or when it is refused) the active key.
   *
   * @return the id of the pending key when the nameserver accepted it: the caller promotes it
   */
  Optional<String> connect() throws LinkException;

  /** Whether a pending key waits to be tried on the open connection now. */
  boolean pendingKeyDue();

  /**
   * Tries the pending key on an open link; the old connection stays when it is refused.
   *
   * @return the id of the pending key when accepted: the caller promotes it
   */
  Optional<String> tryPendingKey();

  /** Sends one message and returns the nameserver's reply. */
  Reply request(Message message) throws LinkException;

  /**
   * Sends one message without waiting for its reply (pipelining: replies come in order). Every
   * future this returns must be passed to {@link #await} in the same order.
   */
  CompletableFuture<byte[]> send(Message message) throws LinkException;

  /** Waits for the reply to a message sent with {@link #send}. */
  Reply await(CompletableFuture<byte[]> reply, Duration timeout) throws LinkException;

  LinkStatus status();

  void markInSync(boolean inSync);

  /** Says what the link is doing now, for the watchdog ("idle" between syncs). */
  void step(String now);

  /** The link moved: a frame went out, a reply arrived or a check ended. */
  void moved();

  /** A forced full resync is wanted: the next sync sends a snapshot (until one is applied). */
  void requestResync();

  /** Takes the forced resync that waits, if any; hand it back with {@link #requestResync}. */
  boolean takeResync();

  /** The last revision recorded in the progress log for this link, so each is recorded once. */
  long recordedRevision();

  void recordedRevision(long revision);
}
