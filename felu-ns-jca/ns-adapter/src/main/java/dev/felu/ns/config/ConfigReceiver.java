package dev.felu.ns.config;

import dev.felu.ns.zone.ZoneData;
import dev.felu.ns.zone.ZoneTable;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.ProtocolException;
import dev.felu.protocol.Reply;
import dev.felu.protocol.ZoneContent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Applies snapshots and deltas to the zone table. Messages are applied one at a time (this class is
 * the only writer); readers use {@link #current()} without locking.
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
      return ProtocolCodec.encode(reply("refused: " + e.getMessage()));
    }
    return ProtocolCodec.encode(apply(message));
  }

  Reply apply(Message message) {
    ZoneTable held = table.get();
    ZoneTable next;
    ConfigHash expected;
    try {
      if (message instanceof Message.StatusRequest) {
        // holding config but not serving (the DNS port was busy): every status check retries
        return reply(held.revision() == Reply.NO_REVISION ? null : afterApply.applied(held));
      } else if (message instanceof Message.Snapshot s) {
        next = ZoneTable.of(s.revision(), build(s.zones()));
        expected = s.hash();
      } else if (message instanceof Message.Delta d) {
        if (d.baseRevision() != held.revision()) {
          return reply(
              "delta "
                  + d.baseRevision()
                  + "->"
                  + d.revision()
                  + " does not apply to held revision "
                  + held.revision());
        }
        next = held.with(d.revision(), build(d.puts()), d.removals());
        expected = d.hash();
      } else {
        return reply("unsupported message " + message.getClass().getSimpleName());
      }
    } catch (IllegalArgumentException e) {
      return reply("refused: " + e.getMessage());
    }
    if (!next.hash().equals(expected)) {
      return reply(
          "hash mismatch at revision "
              + next.revision()
              + ": computed "
              + next.hash().shortHex()
              + ", management sent "
              + expected.shortHex()
              + "; keeping revision "
              + held.revision());
    }
    table.set(next);
    LOG.info(
        () ->
            "applied revision "
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

  private static List<ZoneData> build(List<ZoneContent> zones) {
    List<ZoneData> built = new ArrayList<>(zones.size());
    for (ZoneContent z : zones) {
      built.add(ZoneData.build(z));
    }
    return built;
  }

  private Reply reply(String error) {
    ZoneTable t = table.get();
    return new Reply(t.revision(), t.hash(), serving.get(), error);
  }
}
