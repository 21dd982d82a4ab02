package dev.felu.ns.config;

import dev.felu.ns.xfr.IxfrJournal;
import dev.felu.ns.xfr.TransferPolicy;
import dev.felu.ns.xfr.Transfers;
import dev.felu.ns.zone.ZoneData;
import dev.felu.ns.zone.ZoneTable;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.ProtocolException;
import dev.felu.protocol.Reply;
import dev.felu.protocol.ZoneContent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Applies transfers (protocol version 2) to the zone table and the zone-transfer policy held with
 * it. Messages are handled one at a time (this class is the only writer); readers use {@link
 * #current()} without locking.
 *
 * <p>A transfer is built aside: each zone is turned into an immutable {@link ZoneData} as soon as
 * its last part arrives, so memory holds one chunk plus the zones built so far, never the encoded
 * configuration. Only a {@link Message.Commit} whose sequence, totals and resulting hash all match
 * swaps the new table in. A new Begin, a chunk out of order, a malformed frame, a refused zone or a
 * closed link discards the transfer; the table in use is never touched.
 *
 * <p>Memory: before each zone is built, the {@link MemoryGuard} checks that the table in use, the
 * one being built as far as it has arrived, and building its largest zone (whose records are
 * dnsjava objects until it is packed) fit the heap. Once they do not, the zones built so far are
 * dropped and the rest of the transfer is only counted, so that the reply to its Commit can say how
 * much the whole revision needs. The refusal is remembered: the same revision offered again on top
 * of the same held revision (the management server retries on its next check) is refused at its
 * Begin, without building anything.
 */
public final class ConfigReceiver {
  private static final Logger LOG = Logger.getLogger(ConfigReceiver.class.getName());

  /** Called after a table has been swapped in; returns an error text when serving cannot start. */
  public interface AfterApply {
    String applied(ZoneTable table);
  }

  /**
   * Told, on the config thread after a table is swapped in and serving, which zones now serve
   * another serial (or are new), with the policy that came with them: NOTIFY starts here.
   */
  public interface ZonesChanged {
    ZonesChanged NONE = (zones, policy) -> {};

    void changed(List<ZoneData> zones, TransferPolicy policy);
  }

  /** What is served: the table and the zone-transfer policy that came with it, swapped together. */
  public record Served(ZoneTable table, TransferPolicy policy) implements Transfers.View {}

  private final AtomicReference<Served> served =
      new AtomicReference<>(new Served(ZoneTable.EMPTY, TransferPolicy.DENY_ALL));
  private final AfterApply afterApply;
  private final Supplier<Boolean> serving;

  /** The transfer being received, or null. Guarded by {@code this}. */
  private Transfer transfer;

  /** Why the last transfer was discarded, for the replies to frames still in flight. */
  private String lastDiscard;

  private final MemoryGuard guard;
  private final IxfrJournal journal;
  private final ZonesChanged zonesChanged;

  /** The last revision refused for memory, while the held revision it was refused on stays. */
  private Refusal refused;

  /** The refusal's text until a configuration is applied; null otherwise. */
  private volatile String standingRefusal;

  private volatile long memoryRefusals;
  private volatile long lastNeeded;

  /** A revision refused for memory on top of a held revision. */
  private record Refusal(long revision, ConfigHash hash, long held, String message) {}

  public ConfigReceiver(AfterApply afterApply, Supplier<Boolean> serving) {
    this(afterApply, serving, MemoryGuard.ofThisJvm());
  }

  public ConfigReceiver(AfterApply afterApply, Supplier<Boolean> serving, MemoryGuard guard) {
    this(afterApply, serving, guard, new IxfrJournal());
  }

  /**
   * @param journal fed with every changed zone's old and new data after each swap, for IXFR
   */
  public ConfigReceiver(
      AfterApply afterApply, Supplier<Boolean> serving, MemoryGuard guard, IxfrJournal journal) {
    this(afterApply, serving, guard, journal, ZonesChanged.NONE);
  }

  /**
   * @param zonesChanged told which zones serve a new serial after each swap
   */
  public ConfigReceiver(
      AfterApply afterApply,
      Supplier<Boolean> serving,
      MemoryGuard guard,
      IxfrJournal journal,
      ZonesChanged zonesChanged) {
    this.afterApply = afterApply;
    this.serving = serving;
    this.guard = guard;
    this.journal = journal;
    this.zonesChanged = zonesChanged;
  }

  public IxfrJournal journal() {
    return journal;
  }

  public ZoneTable current() {
    return served.get().table();
  }

  /** The table and the transfer policy held with it (one read, so the two always match). */
  public Served served() {
    return served.get();
  }

  /**
   * Why the last configuration offered was refused for lack of memory, while the held one is still
   * the one it was refused on; empty once a configuration is applied.
   */
  public Optional<String> memoryRefusal() {
    return Optional.ofNullable(standingRefusal);
  }

  /** Transfers refused for lack of memory (each answer counts, also a repeated one). */
  public long memoryRefusals() {
    return memoryRefusals;
  }

  /** The heap the last transfer needed by the guard's estimate (applied or refused); 0 before. */
  public long lastNeededBytes() {
    return lastNeeded;
  }

  public MemoryGuard guard() {
    return guard;
  }

  public synchronized byte[] handle(byte[] frame) {
    Message message;
    try {
      message = ProtocolCodec.decodeMessage(frame);
    } catch (ProtocolException e) {
      LOG.warning("refused config frame: " + e.getMessage());
      if (transfer != null) {
        return ProtocolCodec.encode(discard("refused: " + e.getMessage()));
      }
      return ProtocolCodec.encode(reply("refused: " + e.getMessage()));
    }
    return ProtocolCodec.encode(apply(message, frame.length));
  }

  /** The management link closed: a transfer it was sending can never complete. */
  public synchronized void linkClosed() {
    if (transfer != null) {
      discard("the management link closed mid-transfer");
    }
  }

  /** Handles one decoded message; {@code frameBytes} is the size of the frame it came in. */
  synchronized Reply apply(Message message, int frameBytes) {
    if (message instanceof Message.StatusRequest) {
      // holding config but not serving (the DNS port was busy): every status check retries
      ZoneTable held = served.get().table();
      return reply(held.revision() == Reply.NO_REVISION ? null : afterApply.applied(held));
    } else if (message instanceof Message.Begin b) {
      return begin(b);
    } else if (message instanceof Message.ZoneChunk c) {
      Reply refused = expect(c.sequence());
      if (refused != null) {
        return refused;
      }
      long chunkRecords = c.parts().stream().mapToLong(p -> p.records().size()).sum();
      try {
        for (Message.ZonePart part : c.parts()) {
          // the frame's bytes shared out by records: exact per chunk, close enough per zone
          transfer.add(
              part,
              chunkRecords == 0
                  ? frameBytes / c.parts().size()
                  : frameBytes * (long) part.records().size() / chunkRecords);
        }
      } catch (IllegalArgumentException e) {
        return discard("chunk " + c.sequence() + " refused: " + e.getMessage());
      }
      return reply(null);
    } else if (message instanceof Message.Removals r) {
      Reply refused = expect(r.sequence());
      if (refused != null) {
        return refused;
      }
      try {
        transfer.remove(r.zones());
      } catch (IllegalArgumentException e) {
        return discard("chunk " + r.sequence() + " refused: " + e.getMessage());
      }
      return reply(null);
    } else if (message instanceof Message.TransferPolicy p) {
      Reply refused = expect(p.sequence());
      if (refused != null) {
        return refused;
      }
      if (transfer.openZone != null) {
        return discard("transfer policy while zone " + transfer.openZone + " is open");
      }
      transfer.policyParts.add(p);
      return reply(null);
    } else if (message instanceof Message.Commit c) {
      Reply refused = expect(c.sequence());
      return refused != null ? refused : commit(c);
    }
    return reply("unsupported message " + message.getClass().getSimpleName());
  }

  private Reply begin(Message.Begin b) {
    if (transfer != null) {
      discard("a new transfer began");
    }
    ZoneTable held = served.get().table();
    if (b.kind() == Message.Kind.DELTA && b.baseRevision() != held.revision()) {
      return reply(
          "delta "
              + b.baseRevision()
              + "->"
              + b.revision()
              + " does not apply to held revision "
              + held.revision());
    }
    Refusal r = refused;
    if (r != null
        && r.revision() == b.revision()
        && r.hash().equals(b.hash())
        && r.held() == held.revision()) {
      // a snapshot of a revision needs at least what its delta needed: refused alike
      memoryRefusals++;
      lastDiscard = r.message();
      return reply(r.message());
    }
    transfer = new Transfer(b, held);
    lastDiscard = null;
    return reply(null);
  }

  /** Null when a transfer is open and this is its next frame; otherwise the refusal. */
  private Reply expect(long sequence) {
    if (transfer == null) {
      return reply(
          "chunk "
              + sequence
              + " refused: no transfer in progress"
              + (lastDiscard == null ? "" : " (" + lastDiscard + ")"));
    }
    if (sequence != transfer.next) {
      return discard("chunk " + sequence + " out of order, expected " + transfer.next);
    }
    transfer.next++;
    return null;
  }

  private Reply commit(Message.Commit c) {
    Transfer t = transfer;
    ZoneTable held = served.get().table();
    if (t.openZone != null) {
      return discard("commit while zone " + t.openZone + " still expects records");
    }
    if (c.zones() != t.zones || c.records() != t.records || c.removals() != t.removals.size()) {
      return discard(
          "commit announces "
              + c.zones()
              + " zones, "
              + c.records()
              + " records, "
              + c.removals()
              + " removals but "
              + t.zones
              + ", "
              + t.records
              + ", "
              + t.removals.size()
              + " arrived");
    }
    if (t.begin.kind() == Message.Kind.DELTA && t.begin.baseRevision() != held.revision()) {
      return discard("held revision changed to " + held.revision() + " during the delta");
    }
    long needed = guard.needed(held, t.newBytes());
    lastNeeded = needed;
    if (t.overBudget) {
      return refuseForMemory(t, needed);
    }
    ZoneTable base = t.begin.kind() == Message.Kind.SNAPSHOT ? ZoneTable.EMPTY : held;
    ZoneTable next = base.with(t.begin.revision(), t.puts, t.removals);
    if (!next.hash().equals(t.begin.hash())) {
      return discard(
          "hash mismatch at revision "
              + next.revision()
              + ": computed "
              + next.hash().shortHex()
              + ", management sent "
              + t.begin.hash().shortHex());
    }
    TransferPolicy policy = served.get().policy();
    if (!t.policyParts.isEmpty()) {
      try {
        policy = TransferPolicy.of(t.policyParts);
      } catch (IllegalArgumentException e) {
        return discard("transfer policy refused: " + e.getMessage());
      }
    }
    transfer = null;
    refused = null;
    standingRefusal = null;
    // the journal first: an IXFR answered from the new table finds its difference there (after
    // the swap, a query thread could see the new serial before its difference and send the
    // whole zone)
    journal(held, next, t);
    served.set(new Served(next, policy));
    TransferPolicy appliedPolicy = policy;
    LOG.info(
        () ->
            "applied "
                + (t.begin.kind() == Message.Kind.SNAPSHOT ? "snapshot" : "delta")
                + " of revision "
                + next.revision()
                + " ("
                + next.zoneCount()
                + " zones, "
                + next.recordCount()
                + " records, hash "
                + next.hash().shortHex()
                + ", "
                + appliedPolicy
                + ")");
    String notServing = afterApply.applied(next);
    if (notServing == null) {
      announce(held, t.puts, appliedPolicy);
    }
    return reply(notServing);
  }

  /** Tells {@link ZonesChanged} which of the zones put now serve another serial than before. */
  private void announce(ZoneTable held, List<ZoneData> puts, TransferPolicy policy) {
    List<ZoneData> changed = new ArrayList<>();
    for (ZoneData z : puts) {
      ZoneData old = held.findZone(z.origin());
      if (old == null
          || !old.origin().equals(z.origin())
          || old.soa().getSerial() != z.soa().getSerial()) {
        changed.add(z);
      }
    }
    if (!changed.isEmpty()) {
      try {
        zonesChanged.changed(changed, policy);
      } catch (RuntimeException e) {
        LOG.log(java.util.logging.Level.WARNING, "NOTIFY could not be started", e);
      }
    }
  }

  /**
   * Feeds the IXFR journal just before a swap, on the config thread (never a query thread): each
   * zone put against the zone of the same origin held before, each zone gone forgotten.
   */
  private void journal(ZoneTable held, ZoneTable next, Transfer t) {
    try {
      for (ZoneData z : t.puts) {
        ZoneData old = held.findZone(z.origin());
        journal.record(old != null && old.origin().equals(z.origin()) ? old : null, z);
      }
      for (Name gone : t.removals) {
        journal.forget(gone);
      }
      if (t.begin.kind() == Message.Kind.SNAPSHOT) {
        for (Name origin : held.origins()) {
          ZoneData now = next.findZone(origin);
          if (now == null || !now.origin().equals(origin)) {
            journal.forget(origin);
          }
        }
      }
    } catch (RuntimeException e) {
      // the journal is a cache of differences: losing it costs clients a full transfer
      LOG.log(java.util.logging.Level.WARNING, "IXFR journal update failed", e);
    }
  }

  private Reply refuseForMemory(Transfer t, long needed) {
    ZoneTable held = served.get().table();
    String why = guard.refusal(t.begin.revision(), needed, held.revision());
    transfer = null;
    refused = new Refusal(t.begin.revision(), t.begin.hash(), held.revision(), why);
    standingRefusal = why;
    memoryRefusals++;
    lastDiscard = why;
    LOG.warning(why);
    return reply(why);
  }

  private Reply discard(String why) {
    Transfer t = transfer;
    transfer = null;
    String what =
        t == null ? why : "transfer to revision " + t.begin.revision() + " discarded: " + why;
    lastDiscard = what;
    LOG.warning(what + "; keeping revision " + served.get().table().revision());
    return reply(what + "; keeping revision " + served.get().table().revision());
  }

  private Reply reply(String error) {
    ZoneTable t = served.get().table();
    return new Reply(t.revision(), t.hash(), serving.get(), error);
  }

  /**
   * One transfer being received: the zones built so far and the zone still receiving records; once
   * over budget, only the counts.
   */
  private final class Transfer {
    final Message.Begin begin;
    final ZoneTable held;
    long next = 1;
    final List<ZoneData> puts = new ArrayList<>();
    final List<Name> removals = new ArrayList<>();
    final List<Message.TransferPolicy> policyParts = new ArrayList<>();
    final Set<Name> seen = new HashSet<>();
    int zones;
    long records;
    long bytes;
    Name openZone;
    List<Record> openRecords;
    long openRecordCount;
    long openBytes;
    long largestBuild;
    boolean overBudget;

    Transfer(Message.Begin begin, ZoneTable held) {
      this.begin = begin;
      this.held = held;
    }

    /**
     * The estimated heap of the zones that arrived so far, the open one included, and of building
     * the largest of them.
     */
    long newBytes() {
      long building = openZone == null ? 0 : MemoryGuard.buildingBytes(openRecordCount, openBytes);
      return MemoryGuard.tableBytes(zones + (openZone == null ? 0 : 1), records, bytes)
          + Math.max(largestBuild, building);
    }

    void add(Message.ZonePart part, long partBytes) {
      if (!removals.isEmpty() || !policyParts.isEmpty()) {
        throw new IllegalArgumentException(
            "zone " + part.zone() + " after the removals or the policy");
      }
      if (openZone == null) {
        if (!seen.add(part.zone())) {
          throw new IllegalArgumentException("zone " + part.zone() + " sent twice");
        }
        openZone = part.zone();
        openRecords = overBudget ? null : new ArrayList<>(part.records().size());
      } else if (!openZone.equals(part.zone())) {
        throw new IllegalArgumentException(
            "zone " + openZone + " still expects records, got zone " + part.zone());
      }
      records += part.records().size();
      openRecordCount += part.records().size();
      bytes += partBytes;
      openBytes += partBytes;
      if (!overBudget && !guard.fits(guard.needed(held, newBytes()))) {
        overBudget = true;
        puts.clear(); // garbage now: what remains of the transfer is only counted
        openRecords = null;
        LOG.warning(
            "revision "
                + begin.revision()
                + " does not fit the heap: "
                + zones
                + " zones, "
                + records
                + " records arrived; counting the rest");
      }
      if (!overBudget) {
        openRecords.addAll(part.records());
      }
      if (!part.continued()) {
        if (!overBudget) {
          puts.add(ZoneData.build(new ZoneContent(openZone, openRecords), openBytes));
        }
        zones++;
        largestBuild =
            Math.max(largestBuild, MemoryGuard.buildingBytes(openRecordCount, openBytes));
        openRecords = null;
        openZone = null;
        openRecordCount = 0;
        openBytes = 0;
      }
    }

    void remove(List<Name> zones) {
      if (begin.kind() != Message.Kind.DELTA) {
        throw new IllegalArgumentException("a snapshot removes nothing");
      }
      if (openZone != null) {
        throw new IllegalArgumentException("removals while zone " + openZone + " is open");
      }
      if (!policyParts.isEmpty()) {
        throw new IllegalArgumentException("removals after the policy");
      }
      for (Name z : zones) {
        if (!seen.add(z)) {
          throw new IllegalArgumentException("zone " + z + " both sent and removed");
        }
        removals.add(z);
      }
    }
  }
}
