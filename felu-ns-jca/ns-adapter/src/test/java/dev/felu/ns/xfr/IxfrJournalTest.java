package dev.felu.ns.xfr;

import static dev.felu.ns.xfr.XfrFixtures.ORIGIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.zone.ZoneData;
import dev.felu.ns.zone.Zones;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class IxfrJournalTest {
  /** Old minus new and new minus old as text, SOA left out: the brute-force difference. */
  private static Set<String> minus(List<Record> a, List<Record> b) {
    Set<String> out = new TreeSet<>(XfrFixtures.text(withoutSoa(a)));
    out.removeAll(XfrFixtures.text(withoutSoa(b)));
    return out;
  }

  private static List<Record> withoutSoa(List<Record> records) {
    return records.stream().filter(r -> r.getType() != Type.SOA).toList();
  }

  @Test
  void differenceEqualsTheBruteForceSetDifferenceOnRandomZones() {
    Random rnd = new Random(1995);
    for (int round = 0; round < 60; round++) {
      List<Record> before = XfrFixtures.randomZone(rnd, 5 + rnd.nextInt(80), 100 + round);
      List<Record> after = XfrFixtures.mutate(rnd, before, 101 + round);
      ZoneDifference d = IxfrJournal.diff(XfrFixtures.zone(before), XfrFixtures.zone(after));
      assertEquals(minus(before, after), XfrFixtures.text(d.deleted()), "round " + round);
      assertEquals(minus(after, before), XfrFixtures.text(d.added()), "round " + round);
      assertEquals(100 + round, d.fromSerial());
      assertEquals(101 + round, d.toSerial());
    }
  }

  @Test
  void identicalZonesDifferInNothing() {
    List<Record> records = XfrFixtures.randomZone(new Random(5), 200, 1);
    List<Record> same = new ArrayList<>(records);
    same.set(0, XfrFixtures.soa(2));
    ZoneDifference d = IxfrJournal.diff(XfrFixtures.zone(records), XfrFixtures.zone(same));
    assertTrue(d.deleted().isEmpty() && d.added().isEmpty(), d.toString());
  }

  private static List<ZoneData> history(Random rnd, int versions) {
    List<ZoneData> zones = new ArrayList<>();
    List<Record> records = XfrFixtures.randomZone(rnd, 40, 1);
    zones.add(XfrFixtures.zone(records));
    for (int v = 2; v <= versions; v++) {
      records = XfrFixtures.mutate(rnd, records, v);
      zones.add(XfrFixtures.zone(records));
    }
    return zones;
  }

  private static void recordAll(IxfrJournal journal, List<ZoneData> zones) {
    for (int i = 1; i < zones.size(); i++) {
      journal.record(zones.get(i - 1), zones.get(i));
    }
  }

  /**
   * The journal is fed just before the new table is swapped in: for that moment it leads one step
   * past the serial served, and a client is still answered up to the served serial, not sent the
   * whole zone.
   */
  @Test
  void aJournalOneStepAheadOfTheServedZoneAnswersUpToIt() {
    List<ZoneData> zones = history(new Random(8), 5);
    IxfrJournal journal = new IxfrJournal();
    recordAll(journal, zones);
    List<ZoneDifference> steps = journal.from(ORIGIN, 2, 4);
    assertNotNull(steps);
    assertEquals(List.of(2L, 3L), steps.stream().map(ZoneDifference::fromSerial).toList());
    assertEquals(4, steps.get(steps.size() - 1).toSerial());
    assertNull(journal.from(ORIGIN, 2, 6), "a served serial the journal never reached");
  }

  @Test
  void chainsStepsFromAnySerialHeldToTheCurrentOne() {
    List<ZoneData> zones = history(new Random(7), 5);
    IxfrJournal journal = new IxfrJournal();
    recordAll(journal, zones);
    assertEquals(4, journal.from(ORIGIN, 1, 5).size());
    assertEquals(2, journal.from(ORIGIN, 3, 5).size());
    assertEquals(3, journal.from(ORIGIN, 3, 5).get(0).fromSerial());
    assertNull(journal.from(ORIGIN, 0, 5), "a serial never seen");
    assertNull(journal.from(ORIGIN, 1, 6), "the history does not reach the current serial");
    assertEquals(4, journal.entryCount());
  }

  @Test
  void keepsAtMostTheNewestEntriesPerZone() {
    List<ZoneData> zones = history(new Random(8), 7);
    IxfrJournal journal = new IxfrJournal(3, Long.MAX_VALUE);
    recordAll(journal, zones);
    assertEquals(3, journal.entryCount());
    assertNull(journal.from(ORIGIN, 3, 7));
    assertEquals(3, journal.from(ORIGIN, 4, 7).size());
  }

  @Test
  void keepsAtMostTheBytesAcrossZonesDroppingTheOldestFirst() {
    List<ZoneData> zones = history(new Random(9), 6);
    ZoneData other1 = Zones.zone("other.test.", Zones.EXAMPLE);
    ZoneData other2 =
        Zones.zone(
            "other.test.",
            Zones.EXAMPLE.replace("2024010101", "2024010102") + "new 300 IN A 192.0.2.99\n");
    IxfrJournal unbounded = new IxfrJournal();
    recordAll(unbounded, zones);
    long all = unbounded.sizeBytes();
    long newestTwo =
        unbounded.differences(ORIGIN).get(3).sizeBytes()
            + unbounded.differences(ORIGIN).get(4).sizeBytes();

    IxfrJournal journal = new IxfrJournal(100, newestTwo + 1);
    journal.record(other1, other2); // the oldest entry of all, in another zone
    recordAll(journal, zones);
    assertTrue(journal.sizeBytes() <= newestTwo + 1, journal.sizeBytes() + " > " + newestTwo);
    assertTrue(all > journal.sizeBytes());
    assertEquals(List.of(), journal.differences(XfrFixtures.name("other.test.")));
    assertEquals(2, journal.entryCount());
    assertNotNull(journal.from(ORIGIN, 4, 6));
    assertNull(journal.from(ORIGIN, 3, 6));
  }

  @Test
  void aSerialThatDoesNotMoveOnStartsTheHistoryOver() {
    List<ZoneData> zones = history(new Random(10), 4);
    IxfrJournal journal = new IxfrJournal();
    recordAll(journal, zones);
    ZoneData back = XfrFixtures.zone(XfrFixtures.randomZone(new Random(11), 10, 2));
    journal.record(zones.get(3), back);
    assertEquals(0, journal.entryCount());
    assertEquals(0, journal.sizeBytes());
  }

  @Test
  void aGapInTheHistoryStartsItOver() {
    List<ZoneData> zones = history(new Random(12), 5);
    IxfrJournal journal = new IxfrJournal();
    journal.record(zones.get(0), zones.get(1));
    journal.record(zones.get(2), zones.get(3)); // 2 → 3 was never seen
    assertEquals(1, journal.entryCount());
    assertNull(journal.from(ORIGIN, 1, 4));
    assertNotNull(journal.from(ORIGIN, 3, 4));
  }

  @Test
  void forgettingAZoneFreesItsBytes() {
    List<ZoneData> zones = history(new Random(13), 3);
    IxfrJournal journal = new IxfrJournal();
    recordAll(journal, zones);
    assertTrue(journal.sizeBytes() > 0);
    journal.forget(XfrFixtures.name("EXAMPLE.test."));
    assertEquals(0, journal.sizeBytes());
    assertEquals(0, journal.entryCount());
  }
}
