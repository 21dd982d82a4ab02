package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/** The zone set and query file of the Knot comparison: what they hold, not how fast. */
class BenchZonesTest {
  private final BenchZones small = BenchZones.small(13);

  @Test
  void theSameSeedGivesTheSameFilesAndQueries() {
    BenchZones again = BenchZones.small(13);
    BenchZones other = BenchZones.small(14);
    assertEquals(small.zoneFile(3), again.zoneFile(3));
    assertEquals(small.queries(1000), again.queries(1000));
    assertNotEquals(small.zoneFile(3), other.zoneFile(3));
    assertNotEquals(small.queries(1000), other.queries(1000));
  }

  @Test
  void everyZoneFileParsesWithExactlyItsRecordCount() throws Exception {
    for (BenchZones set : List.of(small, new BenchZones(7, 3, 1000), new BenchZones(7, 2, 20))) {
      for (int z = 0; z < set.zones(); z++) {
        List<Record> records = parse(set, z);
        assertEquals(set.recordsPerZone(), records.size(), set.zoneName(z));
        assertEquals(Type.SOA, records.get(0).getType());
      }
    }
  }

  @Test
  void theQueryMixHasItsSharesExactly() {
    List<BenchZones.Query> queries = small.queries(10_000);
    Map<BenchZones.Kind, Integer> counted = new EnumMap<>(BenchZones.Kind.class);
    for (BenchZones.Query q : queries) {
      counted.merge(q.kind(), 1, Integer::sum);
    }
    assertEquals(7500, counted.get(BenchZones.Kind.EXISTING));
    assertEquals(500, counted.get(BenchZones.Kind.REFERRAL));
    assertEquals(1000, counted.get(BenchZones.Kind.NXDOMAIN));
    assertEquals(500, counted.get(BenchZones.Kind.NODATA));
    assertEquals(300, counted.get(BenchZones.Kind.CNAME));
    assertEquals(200, counted.get(BenchZones.Kind.WILDCARD));
    assertEquals(BenchZones.counts(10_000), counted);
    // existing names and referrals: the "80 %" of the issue
    assertEquals(
        8000, counted.get(BenchZones.Kind.EXISTING) + counted.get(BenchZones.Kind.REFERRAL));
  }

  /** Every query is answered as its kind says, by dnsjava's own zone lookup (RFC 1034 §4.3.2). */
  @Test
  void everyQueryGetsTheAnswerItsKindNames() throws Exception {
    Map<Name, Zone> zones = new HashMap<>();
    for (int z = 0; z < small.zones(); z++) {
      Name origin = Name.fromString(small.zoneName(z));
      zones.put(origin, new Zone(origin, parse(small, z).toArray(new Record[0])));
    }
    for (BenchZones.Query q : small.queries(2000)) {
      Name name = Name.fromString(q.name());
      Zone zone = zones.get(new Name(name, name.labels() - 4));
      SetResponse r = zone.findRecords(name, Type.value(q.type()));
      boolean expected =
          switch (q.kind()) {
            case EXISTING, WILDCARD -> r.isSuccessful();
            case REFERRAL -> r.isDelegation();
            case NXDOMAIN -> r.isNXDOMAIN();
            case NODATA -> r.isNXRRSET();
            case CNAME -> r.isCNAME();
          };
      assertTrue(expected, q + " got " + r);
    }
  }

  @Test
  void writesZoneFilesAndAQueryFileDnsperfReads(@TempDir Path dir) throws Exception {
    Path queries = small.write(dir, 500);
    List<String> lines = Files.readAllLines(queries);
    assertEquals(500, lines.size());
    assertTrue(lines.get(0).matches("[a-z0-9.]+\\.perf\\.test\\. (A|AAAA|TXT)"), lines.get(0));
    for (String zone : small.zoneNames()) {
      Path file = BenchZones.zonesDir(dir).resolve(BenchZones.fileName(zone));
      assertEquals(
          small.recordsPerZone(),
          KnotBench.records(zone, file).build().size(),
          "records sent to felu for " + zone);
    }
  }

  @Test
  void knotConfigServesEveryZoneFromItsFileOnLoopback() {
    String conf =
        KnotServer.config(
            Path.of("/b/run"), Path.of("/b/storage"), Path.of("/b/zones"), 5500, small.zoneNames());
    assertTrue(conf.contains("listen: 127.0.0.1@5500"), conf);
    assertTrue(conf.contains("storage: \"/b/zones\""), conf);
    assertTrue(conf.contains("file: \"%s.zone\""), conf);
    for (String zone : small.zoneNames()) {
      assertTrue(conf.contains("  - domain: " + zone + "\n"), zone);
    }
    assertEquals("z0003.perf.test.zone", BenchZones.fileName(small.zoneName(3)));
  }

  @Test
  void readsDnsperfStatisticsAndLatencies(@TempDir Path dir) throws Exception {
    List<String> out = new ArrayList<>();
    out.add("[Status] Sending queries (to 127.0.0.1:15353)");
    for (int i = 1; i <= 100; i++) {
      out.add(String.format("> NOERROR h%d.z0000.perf.test. A 0.%06d", i, i * 10));
    }
    out.add("  Queries sent:         100");
    out.add("  Queries completed:    100 (100.00%)");
    out.add("  Queries lost:         0 (0.00%)");
    out.add("  Queries per second:   914.494742");
    Path file = dir.resolve("dnsperf.out");
    Files.write(file, out, StandardCharsets.UTF_8);
    DnsPerf.Result r = DnsPerf.read(file);
    assertEquals(100, r.completed());
    assertEquals(0, r.lost());
    assertEquals(914.494742, r.qps(), 1e-9);
    assertEquals(0.5, r.p50Millis(), 1e-9);
    assertEquals(0.99, r.p99Millis(), 1e-9);
  }

  @Test
  void readsItsOwnCpuTimeAndResidentMemory() throws Exception {
    long pid = ProcessHandle.current().pid();
    assertTrue(KnotBench.cpuTicks(pid) > 0);
    assertTrue(KnotBench.rssMb(pid) > 1);
    assertTrue(KnotBench.clockTicks() > 0);
  }

  private static List<Record> parse(BenchZones set, int z) throws Exception {
    List<Record> records = new ArrayList<>();
    byte[] file = set.zoneFile(z).getBytes(StandardCharsets.US_ASCII);
    try (Master master =
        new Master(new ByteArrayInputStream(file), Name.fromString(set.zoneName(z)))) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        records.add(r);
      }
    }
    return records;
  }
}
