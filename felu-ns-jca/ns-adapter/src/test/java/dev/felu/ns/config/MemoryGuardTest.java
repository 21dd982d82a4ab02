package dev.felu.ns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.zone.ZoneTable;
import dev.felu.ns.zone.Zones;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.Reply;
import dev.felu.protocol.TransferWriter;
import dev.felu.protocol.ZoneContent;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * The memory guard: a revision that would not fit beside the held one is refused with what it
 * needs, the held revision stays, and the same revision offered again is refused at once.
 */
class MemoryGuardTest {
  /**
   * Room for about twenty-five zones of 1,000 A records: ≈ 41 KB each held, by the estimate, beside
   * ≈ 0.5 MB for building one.
   */
  private static final long HEAP_MAX = 2L << 20;

  private final ConfigReceiver receiver =
      new ConfigReceiver(table -> null, () -> true, new MemoryGuard(HEAP_MAX, 0));

  private static ZoneContent zone(int z, int records) {
    StringBuilder file = new StringBuilder("@ 3600 IN SOA ns1 hostmaster 1 3600 600 604800 300\n");
    file.append("@ IN NS ns1\n");
    for (int i = 0; i < records; i++) {
      file.append("h").append(i).append(" 300 IN A 10.0.").append(i / 250).append('.');
      file.append(i % 250 + 1).append('\n');
    }
    return Zones.content("z" + z + ".test.", file.toString());
  }

  private static ConfigHash plus(ConfigHash base, List<ZoneContent> zones) {
    for (ZoneContent z : zones) {
      base = base.plus(z.digest());
    }
    return base;
  }

  private Reply send(Message m) throws Exception {
    return ProtocolCodec.decodeReply(receiver.handle(ProtocolCodec.encode(m)));
  }

  /** Sends a whole transfer; returns the first refusal, or the commit's reply. */
  private Reply transfer(Message.Begin begin, List<ZoneContent> puts) throws Exception {
    Reply last = null;
    for (Message m : TransferWriter.messages(begin, puts, List.of())) {
      last = send(m);
      if (!last.ok()) {
        return last;
      }
    }
    return last;
  }

  private List<ZoneContent> zones(int from, int to) {
    List<ZoneContent> zones = new ArrayList<>();
    for (int z = from; z < to; z++) {
      zones.add(zone(z, 1000));
    }
    return zones;
  }

  @Test
  void refusesARevisionThatDoesNotFitBesideTheHeldOneAndKeepsTheHeldOne() throws Exception {
    List<ZoneContent> first = zones(0, 10);
    ConfigHash h1 = plus(ConfigHash.EMPTY, first);
    assertTrue(transfer(Message.Begin.snapshot(1, h1), first).ok());
    ZoneTable held = receiver.current();

    List<ZoneContent> more = zones(10, 60);
    Reply refused = transfer(Message.Begin.delta(1, 2, plus(h1, more)), more);

    assertFalse(refused.ok());
    Matcher m =
        Pattern.compile(
                "not enough memory for revision 2: needs ≈ (\\d+) MB, heap max 2 MB; keeping"
                    + " revision 1")
            .matcher(refused.error());
    assertTrue(m.matches(), refused.error());
    // sixty zones of 1,000 records and building one, a quarter more: the whole revision, not
    // where it stopped
    long needed = Long.parseLong(m.group(1));
    assertTrue(needed >= 3 && needed <= 5, refused.error());
    assertEquals(1, refused.revision());
    assertEquals(h1, refused.hash());
    assertTrue(receiver.current() == held, "the held table is still the one served");
    assertEquals(refused.error(), receiver.memoryRefusal().orElseThrow());
    assertEquals(1, receiver.memoryRefusals());
    assertEquals(needed, MemoryGuard.mb(receiver.lastNeededBytes()));
  }

  @Test
  void refusesTheSameRevisionAgainAtItsBeginThenAppliesOneThatFits() throws Exception {
    List<ZoneContent> first = zones(0, 10);
    ConfigHash h1 = plus(ConfigHash.EMPTY, first);
    transfer(Message.Begin.snapshot(1, h1), first);
    List<ZoneContent> more = zones(10, 60);
    ConfigHash h2 = plus(h1, more);
    String why = transfer(Message.Begin.delta(1, 2, h2), more).error();

    // the management server's retry: as a snapshot, which needs at least as much
    Reply again = send(Message.Begin.snapshot(2, h2));
    assertEquals(why, again.error());
    assertEquals(2, receiver.memoryRefusals());
    Reply chunk = send(new Message.Removals(1, List.of(Name.fromString("z0.test."))));
    assertTrue(chunk.error().startsWith("chunk 1 refused: no transfer in progress"), chunk.error());

    List<ZoneContent> one = zones(10, 11);
    ConfigHash h3 = plus(h1, one);
    Reply applied = transfer(Message.Begin.delta(1, 3, h3), one);
    assertTrue(applied.ok(), applied.error());
    assertEquals(3, receiver.current().revision());
    assertTrue(receiver.memoryRefusal().isEmpty());
  }

  @Test
  void aFreshNameserverTakesWhatFitsAlone() throws Exception {
    List<ZoneContent> twenty = zones(0, 20);
    Reply applied = transfer(Message.Begin.snapshot(1, plus(ConfigHash.EMPTY, twenty)), twenty);

    assertTrue(applied.ok(), applied.error());
    assertEquals(20 * 1002, receiver.current().recordCount());
    assertTrue(receiver.current().transferBytes() > 20_000 * 20);
  }

  @Test
  void refusesAZoneWhoseTableWouldFitButWhoseBuildingWouldNot() throws Exception {
    List<ZoneContent> big = List.of(zone(0, 4000));
    MemoryGuard guard = new MemoryGuard(HEAP_MAX, 0);
    // packed, it would fit (under 40 transfer bytes a record); as dnsjava records it does not
    assertTrue(guard.fits(guard.needed(ZoneTable.EMPTY, MemoryGuard.tableBytes(1, 4002, 160_080))));

    Reply refused = transfer(Message.Begin.snapshot(1, plus(ConfigHash.EMPTY, big)), big);

    assertFalse(refused.ok());
    assertTrue(refused.error().startsWith("not enough memory for revision 1"), refused.error());
    assertEquals(ZoneTable.EMPTY, receiver.current());
  }

  @Test
  void estimatesTablesFromZonesRecordsAndTransferBytes() {
    assertEquals(
        2 * MemoryGuard.BYTES_PER_ZONE
            + 10 * MemoryGuard.BYTES_PER_RECORD
            + 10 * MemoryGuard.WIRE_PERCENT,
        MemoryGuard.tableBytes(2, 10, 1000));
    assertEquals(
        10 * MemoryGuard.BUILDING_BYTES_PER_RECORD + 10 * MemoryGuard.BUILDING_WIRE_PERCENT,
        MemoryGuard.buildingBytes(10, 1000));
    MemoryGuard guard = new MemoryGuard(1000, 200);
    assertEquals(1000, guard.needed(ZoneTable.EMPTY, 600));
    assertTrue(guard.fits(1000));
    assertFalse(guard.fits(1001));
    assertEquals(1, MemoryGuard.mb(1));
    assertEquals(128, MemoryGuard.mb(128L << 20));
    assertThrows(IllegalArgumentException.class, () -> new MemoryGuard(0, 0));
  }
}
