package dev.felu.ns.config;

import dev.felu.ns.zone.ZoneData;
import dev.felu.ns.zone.ZoneTable;
import dev.felu.protocol.Message;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.ProtocolException;
import dev.felu.protocol.Reply;
import dev.felu.protocol.ZoneContent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Applies transfers (protocol version 2) to the zone table. Messages are handled one at a time
 * (this class is the only writer); readers use {@link #current()} without locking.
 *
 * <p>A transfer is built aside: each zone is turned into an immutable {@link ZoneData} as soon as
 * its last part arrives, so memory holds one chunk plus the zones built so far, never the encoded
 * configuration. Only a {@link Message.Commit} whose sequence, totals and resulting hash all match
 * swaps the new table in. A new Begin, a chunk out of order, a malformed frame, a refused zone or a
 * closed link discards the transfer; the table in use is never touched.
 */
public final class ConfigReceiver {
  private static final Logger LOG = Logger.getLogger(ConfigReceiver.class.getName());

  /** Called after a table has been swapped in; returns an error text when serving cannot start. */
  public interface AfterApply {
    String applied(ZoneTable table);
  }

  private final AtomicReference<ZoneTable> table = new AtomicReference<>(ZoneTable.EMPTY);
  private final AfterApply afterApply;
  private final Supplier<Boolean> serving;

  /** The transfer being received, or null. Guarded by {@code this}. */
  private Transfer transfer;

  /** Why the last transfer was discarded, for the replies to frames still in flight. */
  private String lastDiscard;

  public ConfigReceiver(AfterApply afterApply, Supplier<Boolean> serving) {
    this.afterApply = afterApply;
    this.serving = serving;
  }

  public ZoneTable current() {
    return table.get();
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
    return ProtocolCodec.encode(apply(message));
  }

  /** The management link closed: a transfer it was sending can never complete. */
  public synchronized void linkClosed() {
    if (transfer != null) {
      discard("the management link closed mid-transfer");
    }
  }

  synchronized Reply apply(Message message) {
    if (message instanceof Message.StatusRequest) {
      // holding config but not serving (the DNS port was busy): every status check retries
      ZoneTable held = table.get();
      return reply(held.revision() == Reply.NO_REVISION ? null : afterApply.applied(held));
    } else if (message instanceof Message.Begin b) {
      return begin(b);
    } else if (message instanceof Message.ZoneChunk c) {
      Reply refused = expect(c.sequence());
      if (refused != null) {
        return refused;
      }
      try {
        for (Message.ZonePart part : c.parts()) {
          transfer.add(part);
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
    ZoneTable held = table.get();
    if (b.kind() == Message.Kind.DELTA && b.baseRevision() != held.revision()) {
      return reply(
          "delta "
              + b.baseRevision()
              + "->"
              + b.revision()
              + " does not apply to held revision "
              + held.revision());
    }
    transfer = new Transfer(b);
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
    ZoneTable held = table.get();
    if (t.openZone != null) {
      return discard("commit while zone " + t.openZone + " still expects records");
    }
    if (c.zones() != t.puts.size()
        || c.records() != t.records
        || c.removals() != t.removals.size()) {
      return discard(
          "commit announces "
              + c.zones()
              + " zones, "
              + c.records()
              + " records, "
              + c.removals()
              + " removals but "
              + t.puts.size()
              + ", "
              + t.records
              + ", "
              + t.removals.size()
              + " arrived");
    }
    if (t.begin.kind() == Message.Kind.DELTA && t.begin.baseRevision() != held.revision()) {
      return discard("held revision changed to " + held.revision() + " during the delta");
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
    transfer = null;
    table.set(next);
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
                + ")");
    return reply(afterApply.applied(next));
  }

  private Reply discard(String why) {
    Transfer t = transfer;
    transfer = null;
    String what =
        t == null ? why : "transfer to revision " + t.begin.revision() + " discarded: " + why;
    lastDiscard = what;
    LOG.warning(what + "; keeping revision " + table.get().revision());
    return reply(what + "; keeping revision " + table.get().revision());
  }

  private Reply reply(String error) {
    ZoneTable t = table.get();
    return new Reply(t.revision(), t.hash(), serving.get(), error);
  }

  /** One transfer being received: the zones built so far and the zone still receiving records. */
  private static final class Transfer {
    final Message.Begin begin;
    long next = 1;
    final List<ZoneData> puts = new ArrayList<>();
    final List<Name> removals = new ArrayList<>();
    final Set<Name> seen = new HashSet<>();
    long records;
    Name openZone;
    List<Record> openRecords;

    Transfer(Message.Begin begin) {
      this.begin = begin;
    }

    void add(Message.ZonePart part) {
      if (!removals.isEmpty()) {
        throw new IllegalArgumentException("zone " + part.zone() + " after the removals");
      }
      if (openZone == null) {
        if (!seen.add(part.zone())) {
          throw new IllegalArgumentException("zone " + part.zone() + " sent twice");
        }
        openZone = part.zone();
        openRecords = new ArrayList<>(part.records().size());
      } else if (!openZone.equals(part.zone())) {
        throw new IllegalArgumentException(
            "zone " + openZone + " still expects records, got zone " + part.zone());
      }
      openRecords.addAll(part.records());
      records += part.records().size();
      if (!part.continued()) {
        ZoneContent content = new ZoneContent(openZone, openRecords);
        openRecords = null;
        openZone = null;
        puts.add(ZoneData.build(content));
      }
    }

    void remove(List<Name> zones) {
      if (begin.kind() != Message.Kind.DELTA) {
        throw new IllegalArgumentException("a snapshot removes nothing");
      }
      if (openZone != null) {
        throw new IllegalArgumentException("removals while zone " + openZone + " is open");
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
