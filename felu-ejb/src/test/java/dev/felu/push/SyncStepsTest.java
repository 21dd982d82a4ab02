package dev.felu.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.config.ConfigHeadView;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.ProtocolException;
import dev.felu.protocol.Reply;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A sync driven through its steps without a container: the management side is a head revision and a
 * transfer source in memory, the nameserver a {@link LinkEndpoint} in memory that applies transfers
 * as the real one does (Begin, chunks, Commit; a delta only on top of its base).
 */
class SyncStepsTest {
  private static final long HEAD = 5;

  private final InMemoryNameserver ns = new InMemoryNameserver("ns1");
  private final PushMetrics metrics = new PushMetrics();
  private final List<String> progress = new ArrayList<>();
  private final List<String> promoted = new ArrayList<>();

  private final SyncSteps steps =
      new SyncSteps(
          () -> new ConfigHeadView(HEAD, hash(HEAD)),
          SyncStepsTest::transfer,
          (nameserver, keyId) -> promoted.add(nameserver + ":" + keyId),
          (nameserver, revision) -> progress.add(nameserver + "@" + revision),
          metrics);

  /** The hash of each revision of the management side's configuration. */
  private static ConfigHash hash(long revision) {
    byte[] b = new byte[32];
    b[31] = (byte) revision;
    return ConfigHash.fromBytes(b);
  }

  /**
   * What {@link dev.felu.config.TransferReader} decides, over a revision log that covers every
   * revision: nothing for the head, a delta from a known revision and hash, a snapshot otherwise.
   */
  private static Message.Begin transfer(
      long heldRevision,
      ConfigHash heldHash,
      boolean snapshotOnly,
      java.util.function.Consumer<Message> out) {
    if (heldRevision == HEAD && hash(HEAD).equals(heldHash) && !snapshotOnly) {
      return null;
    }
    boolean delta =
        !snapshotOnly
            && heldRevision >= 0
            && heldRevision < HEAD
            && hash(heldRevision).equals(heldHash);
    Message.Begin begin =
        delta
            ? Message.Begin.delta(heldRevision, HEAD, hash(HEAD))
            : Message.Begin.snapshot(HEAD, hash(HEAD));
    out.accept(begin);
    out.accept(new Message.ZoneChunk(1, List.of()));
    out.accept(new Message.Commit(2, 0, 0, 0));
    return begin;
  }

  @Test
  void aNameserverBehindGetsTheDeltaFromWhatItHoldsAndIsThenInSync() {
    ns.holds(3);
    assertNull(steps.run(ns));
    assertEquals(List.of("StatusRequest", "Begin DELTA 3->5", "ZoneChunk", "Commit"), ns.received);
    assertEquals(HEAD, ns.revision);
    assertTrue(ns.status().inSync());
    assertEquals(HEAD, ns.status().revision());
    assertEquals(List.of("ns1@5"), progress, "one progress row per revision reached");
    assertEquals(0, metrics.failedChecks("ns1"));
  }

  @Test
  void aNameserverThatHoldsTheHeadIsSentNothingAndRecordedOnce() {
    ns.holds(HEAD);
    assertNull(steps.run(ns));
    assertNull(steps.run(ns));
    assertEquals(List.of("StatusRequest", "StatusRequest"), ns.received);
    assertEquals(List.of("ns1@5"), progress);
  }

  @Test
  void aRefusedDeltaIsFollowedByASnapshot() {
    ns.holds(3);
    ns.refusesDeltas = true;
    assertNull(steps.run(ns));
    assertEquals(
        List.of(
            "StatusRequest",
            "Begin DELTA 3->5",
            "ZoneChunk",
            "Commit",
            "Begin SNAPSHOT 5",
            "ZoneChunk",
            "Commit"),
        ns.received);
    assertEquals(HEAD, ns.revision);
  }

  @Test
  void aDeltaRefusedForLackOfMemoryIsNotFollowedByASnapshot() {
    ns.holds(3);
    ns.lacksMemory = true;
    assertEquals(
        "refused revision 5: not enough memory for revision 5: needs ≈ 300 MB, heap max 128 MB;"
            + " keeping revision 3",
        steps.run(ns));
    assertEquals(
        List.of("StatusRequest", "Begin DELTA 3->5", "ZoneChunk", "Commit"),
        ns.received,
        "no snapshot after the delta");
    assertEquals(3, ns.revision, "keeps what it holds");
    assertEquals(List.of(), progress);
  }

  @Test
  void aForcedResyncSendsASnapshotToANameserverThatHoldsTheHead() {
    ns.holds(HEAD);
    ns.requestResync();
    assertNull(steps.run(ns));
    assertEquals(List.of("StatusRequest", "Begin SNAPSHOT 5", "ZoneChunk", "Commit"), ns.received);
    assertFalse(ns.takeResync(), "applied: no longer pending");
  }

  @Test
  void aForcedResyncThatIsRefusedWaitsForTheNextSync() {
    ns.holds(HEAD);
    ns.refusesSnapshots = true;
    ns.requestResync();
    assertEquals("refused a snapshot: no snapshots today", steps.run(ns));
    assertTrue(ns.takeResync(), "handed back to the link");
    assertEquals(List.of(), progress);
  }

  @Test
  void aLinkThatFailsMidTransferIsAFailedCheckAndKeepsTheForcedResync() {
    ns.holds(3);
    ns.dropsOn = "ZoneChunk";
    ns.requestResync();
    assertEquals("ns1 link failed: connection reset", steps.run(ns));
    assertEquals(1, metrics.failedChecks("ns1"));
    assertTrue(ns.takeResync());
    assertFalse(ns.connected());
  }

  @Test
  void aCommitThatEndsWithAnotherHashIsAFailedCheck() {
    ns.holds(3);
    ns.appliesWrongHash = true;
    String problem = steps.run(ns);
    assertTrue(problem.startsWith("did not apply revision 5: "), problem);
    assertEquals(1, metrics.failedChecks("ns1"));
    assertEquals(List.of(), progress);
  }

  @Test
  void aNameserverThatHoldsTheHeadButDoesNotServeIsAProblemNotAFailedCheck() {
    ns.holds(HEAD);
    ns.serving = false;
    assertEquals("holds the head revision but does not answer DNS", steps.run(ns));
    assertTrue(ns.status().inSync());
    assertEquals(0, metrics.failedChecks("ns1"));
  }

  @Test
  void aLinkDownIsConnectedFirstAndAnAcceptedPendingKeyPromoted() {
    ns.holds(HEAD);
    ns.disconnect();
    ns.acceptsPendingKey = Optional.of("k2");
    assertNull(steps.run(ns));
    assertTrue(ns.connected());
    assertEquals(List.of("ns1:k2"), promoted);
    assertEquals(List.of("StatusRequest"), ns.received);
  }

  @Test
  void whileTheBackoffWaitsNothingIsSentAndTheLastErrorIsTheProblem() {
    ns.disconnect();
    ns.mayConnect = false;
    ns.status = ns.status.withLastError("cannot connect to ns1: refused");
    assertEquals("not connected: cannot connect to ns1: refused", steps.run(ns));
    assertEquals(List.of(), ns.received);
  }

  @Test
  void aRetiredLinkIsLeftAlone() {
    ns.retired = true;
    assertNull(steps.run(ns));
    assertEquals(List.of(), ns.received);
  }

  /** A nameserver in memory: what it holds, how it answers, and what it was sent. */
  private static final class InMemoryNameserver implements LinkEndpoint {
    final String name;
    final List<String> received = new ArrayList<>();
    long revision = Reply.NO_REVISION;
    ConfigHash hash = ConfigHash.EMPTY;
    boolean serving = true;
    boolean connected = true;
    boolean mayConnect = true;
    boolean retired;
    boolean refusesDeltas;
    boolean refusesSnapshots;
    boolean lacksMemory;
    boolean appliesWrongHash;
    String dropsOn;
    Optional<String> acceptsPendingKey = Optional.empty();
    LinkStatus status = LinkStatus.UNKNOWN;
    private Message.Begin begun;
    private boolean resync;
    private long recorded = Long.MIN_VALUE;

    InMemoryNameserver(String name) {
      this.name = name;
    }

    void holds(long r) {
      revision = r;
      hash = hash(r);
    }

    void disconnect() {
      connected = false;
      status = status.disconnected();
    }

    /** Handles one message as the nameserver's ConfigReceiver does, and replies. */
    private Reply handle(Message m) throws LinkException {
      String kind = m.getClass().getSimpleName();
      if (kind.equals(dropsOn)) {
        disconnect();
        throw new LinkException(name + " link failed: connection reset");
      }
      if (m instanceof Message.Begin b) {
        received.add(
            "Begin "
                + b.kind()
                + (b.kind() == Message.Kind.DELTA ? " " + b.baseRevision() + "->" : " ")
                + b.revision());
        begun = null;
        if (b.kind() == Message.Kind.DELTA && (refusesDeltas || b.baseRevision() != revision)) {
          return refusal("delta base not held");
        }
        if (lacksMemory) {
          return refusal(
              Reply.NOT_ENOUGH_MEMORY
                  + b.revision()
                  + ": needs ≈ 300 MB, heap max 128 MB; keeping revision "
                  + revision);
        }
        if (b.kind() == Message.Kind.SNAPSHOT && refusesSnapshots) {
          return refusal("no snapshots today");
        }
        begun = b;
        return new Reply(revision, hash, serving, null);
      }
      received.add(kind);
      if (m instanceof Message.StatusRequest) {
        return new Reply(revision, hash, serving, null);
      }
      if (begun == null) {
        return refusal("no transfer in progress");
      }
      if (m instanceof Message.Commit) {
        revision = begun.revision();
        hash = appliesWrongHash ? ConfigHash.EMPTY : begun.hash();
        begun = null;
      }
      return new Reply(revision, hash, serving, null);
    }

    private Reply refusal(String why) {
      return new Reply(revision, hash, serving, why);
    }

    private Reply replied(Reply r) {
      status = status.withReply(r, OffsetDateTime.now(ZoneOffset.UTC));
      return r;
    }

    private void requireConnected() throws LinkException {
      if (!connected) {
        throw new LinkException("not connected to " + name);
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean retired() {
      return retired;
    }

    @Override
    public boolean connected() {
      return connected;
    }

    @Override
    public boolean mayConnect() {
      return mayConnect;
    }

    @Override
    public Optional<String> connect() {
      connected = true;
      return acceptsPendingKey;
    }

    @Override
    public boolean pendingKeyDue() {
      return false;
    }

    @Override
    public Optional<String> tryPendingKey() {
      return Optional.empty();
    }

    @Override
    public Reply request(Message message) throws LinkException {
      requireConnected();
      return replied(handle(message));
    }

    /** Replies travel encoded, as over the WebSocket. */
    @Override
    public CompletableFuture<byte[]> send(Message message) throws LinkException {
      requireConnected();
      return CompletableFuture.completedFuture(ProtocolCodec.encode(handle(message)));
    }

    @Override
    public Reply await(CompletableFuture<byte[]> reply, Duration timeout) throws LinkException {
      try {
        return replied(ProtocolCodec.decodeReply(reply.join()));
      } catch (ProtocolException e) {
        throw new LinkException(name + " link failed: " + e.getMessage(), e);
      }
    }

    @Override
    public LinkStatus status() {
      return status;
    }

    @Override
    public void markInSync(boolean inSync) {
      status = status.withInSync(inSync);
    }

    @Override
    public void step(String now) {}

    @Override
    public void moved() {}

    @Override
    public void requestResync() {
      resync = true;
    }

    @Override
    public boolean takeResync() {
      boolean was = resync;
      resync = false;
      return was;
    }

    @Override
    public long recordedRevision() {
      return recorded;
    }

    @Override
    public void recordedRevision(long r) {
      recorded = r;
    }
  }
}
