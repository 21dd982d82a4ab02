package dev.felu.ns.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.dns.Responder;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ZoneTableSwapTest {
  /**
   * Revision r holds four A records 10.r.0.1-4: an answer mixing two revisions would show two r.
   */
  private static ZoneData revision(int r) {
    StringBuilder z = new StringBuilder("@ 60 IN SOA ns1 h " + r + " 1 1 1 1\n@ 60 IN NS ns1\n");
    for (int i = 1; i <= 4; i++) {
      z.append("www 60 IN A 10.").append(r).append(".0.").append(i).append('\n');
    }
    return Zones.zone("swap.test.", z.toString());
  }

  @Test
  void concurrentQueriesSeeOneWholeRevisionWhileTablesAreSwapped() throws Exception {
    AtomicReference<ZoneTable> current =
        new AtomicReference<>(ZoneTable.of(0, List.of(revision(0))));
    Responder responder = new Responder(current::get, 1232);
    byte[] query =
        Message.newQuery(Record.newRecord(Name.fromString("www.swap.test."), Type.A, DClass.IN))
            .toWire();
    AtomicBoolean writing = new AtomicBoolean(true);
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    ExecutorService readers = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> results =
          java.util.stream.IntStream.range(0, 3)
              .mapToObj(
                  i ->
                      readers.submit(
                          () -> {
                            int answers = 0;
                            while (writing.get() || answers < 1000) {
                              Message m = new Message(responder.respond(query, query.length, true));
                              Set<Integer> revisions =
                                  m.getSection(Section.ANSWER).stream()
                                      .map(rr -> ((ARecord) rr).getAddress().getAddress()[1] & 0xFF)
                                      .collect(Collectors.toSet());
                              assertEquals(4, m.getSection(Section.ANSWER).size());
                              assertEquals(1, revisions.size(), "mixed revisions " + revisions);
                              seen.addAll(revisions);
                              answers++;
                            }
                            return answers;
                          }))
              .toList();
      for (int r = 1; r <= 200; r++) {
        ZoneTable next = current.get().with(r, List.of(revision(r)), List.of());
        current.set(next);
        assertEquals(next.hash(), ZoneTable.of(r, List.of(revision(r))).hash(), "incremental hash");
      }
      writing.set(false);
      for (Future<Integer> f : results) {
        assertTrue(f.get(60, TimeUnit.SECONDS) >= 1000);
      }
    } finally {
      readers.shutdownNow();
    }
    Message last = new Message(responder.respond(query, query.length, true));
    assertEquals(
        200,
        ((ARecord) last.getSection(Section.ANSWER).get(0)).getAddress().getAddress()[1] & 0xFF);
    assertTrue(!seen.isEmpty());
  }

  @Test
  void removingAZoneUpdatesCountsAndHash() {
    ZoneData a = Zones.zone("a.test.", "@ 60 IN SOA ns h 1 1 1 1 1\nwww 60 IN A 192.0.2.1\n");
    ZoneData b = Zones.zone("b.test.", "@ 60 IN SOA ns h 1 1 1 1 1\n");
    ZoneTable both = ZoneTable.of(1, List.of(a, b));
    ZoneTable onlyB = both.with(2, List.of(), List.of(a.origin()));
    assertEquals(ZoneTable.of(2, List.of(b)).hash(), onlyB.hash());
    assertEquals(1, onlyB.zoneCount());
    assertEquals(1, onlyB.recordCount());
    assertEquals(null, onlyB.findZone(a.origin()));
    assertEquals(b, onlyB.findZone(Name.fromConstantString("x.y.b.test.")));
  }
}
