package dev.felu.push;

import dev.felu.config.ConfigHeadView;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.Reply;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One sync of one nameserver, step by step (ARCHITECTURE.md#flow-edit-served): connect if needed
 * (the pending key first), ask what it holds, and while it is behind send one transfer — the delta
 * from what it holds when the revision log covers it, else a snapshot; a refused delta is followed
 * by a snapshot (unless it was refused for lack of memory) — at most {@value #MAX_STEPS_PER_SYNC}
 * times. A forced resync sends a snapshot even to a nameserver that holds the head. Errors end in
 * the link's backoff, never in a retry loop here: the next sync goes on from where this one ended.
 *
 * <p>Plain Java: the management side comes in as interfaces and the link as a {@link LinkEndpoint},
 * so a test drives a sync without a container.
 */
final class SyncSteps {
  private static final Logger LOG = Logger.getLogger(SyncSteps.class.getName());

  static final int MAX_STEPS_PER_SYNC = 5;

  /**
   * Streams what a nameserver holding {@code (heldRevision, heldHash)} needs to reach the head
   * ({@link dev.felu.config.TransferReader#transfer}).
   *
   * @return the Begin that was sent, or null when it holds the head and nothing was sent
   */
  @FunctionalInterface
  interface Transfers {
    Message.Begin transfer(
        long heldRevision, ConfigHash heldHash, boolean snapshotOnly, Consumer<Message> out);
  }

  /** A nameserver accepted its pending link key: make it the active one. */
  @FunctionalInterface
  interface KeyPromotion {
    void promote(String nameserver, String keyId);
  }

  /** Records that a nameserver holds a revision now (the progress log). */
  @FunctionalInterface
  interface Progress {
    void record(String nameserver, long revision);
  }

  private final Supplier<ConfigHeadView> head;
  private final Transfers transfers;
  private final KeyPromotion keys;
  private final Progress progress;
  private final PushMetrics metrics;

  SyncSteps(
      Supplier<ConfigHeadView> head,
      Transfers transfers,
      KeyPromotion keys,
      Progress progress,
      PushMetrics metrics) {
    this.head = head;
    this.transfers = transfers;
    this.keys = keys;
    this.progress = progress;
    this.metrics = metrics;
  }

  /** Brings the link's nameserver towards the head. Returns the problem met, null when none. */
  String run(LinkEndpoint link) {
    boolean forced = false; // a forced resync taken from the link, handed back unless applied
    String errorBefore = link.status().lastError();
    try {
      if (link.retired()) {
        return null;
      }
      if (!link.connected()) {
        if (!link.mayConnect()) {
          return "not connected: " + link.status().lastError();
        }
        link.step("connecting");
        Optional<String> promoted = link.connect();
        LOG.info("connected to nameserver " + link.name());
        promoted.ifPresent(keyId -> keys.promote(link.name(), keyId));
      } else if (link.pendingKeyDue()) {
        link.step("trying the pending link key");
        link.tryPendingKey().ifPresent(keyId -> keys.promote(link.name(), keyId));
      }
      // the status request travels while the head is read: an edit's sync waits for the longer of
      // the two, not for both
      long began = System.nanoTime();
      CompletableFuture<byte[]> status = link.send(new Message.StatusRequest());
      link.step("reading the head revision");
      ConfigHeadView read = this.head.get();
      long headNanos = System.nanoTime() - began;
      link.step("waiting for the status reply");
      Reply held = link.await(status, Deadlines.STATUS_REPLY);
      long statusNanos = System.nanoTime() - began;
      forced = link.takeResync();
      boolean snapshotOnly = forced;
      for (int step = 0; step < MAX_STEPS_PER_SYNC; step++) {
        long headStart = System.nanoTime();
        ConfigHeadView head;
        if (read != null) {
          head = read;
          read = null;
        } else {
          link.step("reading the head revision");
          head = this.head.get();
          headNanos = System.nanoTime() - headStart;
        }
        long transferStart = System.nanoTime();
        // same revision and hash: in sync, even if it reports trouble serving (shown in status)
        boolean holdsHead = held.revision() == head.revision() && held.hash().equals(head.hash());
        if (holdsHead && !forced) {
          link.markInSync(true);
          link.step("recording its progress");
          recordProgress(link, head.revision());
          metrics.inSync(link.name(), held.revision());
          return held.serving() ? null : "holds the head revision but does not answer DNS";
        }
        if (!holdsHead) {
          link.markInSync(false);
        }
        TransferSender sender = new TransferSender(link);
        link.step(
            "sending revision "
                + head.revision()
                + (snapshotOnly
                    ? " as a snapshot"
                    : " (delta or snapshot) from " + held.revision()));
        Message.Begin sent;
        try {
          sent = transfers.transfer(held.revision(), held.hash(), snapshotOnly, sender);
        } catch (TransferSender.Refused e) {
          if (e.reply == null) {
            throw (LinkException) e.getCause();
          }
          LOG.warning(link.name() + " refused a transfer: " + e.reply.error());
          if (snapshotOnly) {
            // a refused snapshot is retried by the next check, not in a loop
            return "refused a snapshot: " + e.reply.error();
          }
          if (e.reply.lacksMemory()) {
            // a snapshot needs at least what the delta needed: the next check tries again
            return "refused revision " + head.revision() + ": " + e.reply.error();
          }
          snapshotOnly = true;
          held = e.reply;
          continue;
        }
        if (sent == null) {
          continue; // the head moved to what it holds while we looked
        }
        Reply r = sender.last();
        if (r.ok() && r.revision() == sent.revision() && r.hash().equals(sent.hash())) {
          link.step("recording its progress");
          recordProgress(link, sent.revision());
          if (forced && sent.kind() == Message.Kind.SNAPSHOT) {
            forced = false;
            LOG.info(link.name() + " applied the full resync");
          }
          LOG.info(
              link.name()
                  + " received "
                  + (sent.kind() == Message.Kind.SNAPSHOT
                      ? "a snapshot"
                      : "a delta from " + sent.baseRevision())
                  + " of revision "
                  + sent.revision()
                  + " ("
                  + sender.frames()
                  + " frames; status reply "
                  + millis(statusNanos)
                  + ", head read "
                  + millis(headNanos)
                  + ", read, sent and applied "
                  + millis(System.nanoTime() - transferStart)
                  + ")");
          statusNanos = 0;
          held = r;
          snapshotOnly = false;
        } else {
          LOG.severe(link.name() + " did not apply revision " + sent.revision() + ": " + r);
          metrics.checkFailed(link.name());
          return "did not apply revision " + sent.revision() + ": " + r.error();
        }
      }
      return null; // progress made; the next sync goes on from there
    } catch (LinkException e) {
      metrics.checkFailed(link.name());
      LOG.log(Level.FINE, "sync failed", e);
      // a link retries every half second while a nameserver restarts: the same failure again is
      // logged once, then at FINE until it changes
      LOG.log(e.getMessage().equals(errorBefore) ? Level.FINE : Level.WARNING, e.getMessage());
      return e.getMessage();
    } catch (RuntimeException e) {
      metrics.checkFailed(link.name());
      LOG.log(Level.SEVERE, "sync of " + link.name() + " failed", e);
      return "sync failed: " + e;
    } finally {
      if (forced) {
        link.requestResync(); // not applied: the next sync (or connection) tries again
      }
    }
  }

  private static String millis(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  /** One progress row per revision a link reaches; repeated status checks write nothing. */
  private void recordProgress(LinkEndpoint link, long revision) {
    if (link.recordedRevision() != revision) {
      progress.record(link.name(), revision);
      link.recordedRevision(revision);
    }
  }
}
