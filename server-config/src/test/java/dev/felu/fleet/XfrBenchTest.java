package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the zone transfer bench reads and writes: kdig's summary, Knot's log, the migration's
 * requests, the Knot configurations and the percentiles it reports; not how fast anything is.
 */
class XfrBenchTest {
  @Test
  void readsKdigsSummaryOfATransfer() {
    String out =
        ";; AXFR for z0000.axfr.test.\n"
            + "z0000.axfr.test.  3600 IN SOA ns1.z0000.axfr.test. hostmaster.z0000.axfr.test. 1"
            + " 3600 600 1209600 300\n"
            + ";; Received 3284571 B (26 messages, 100001 records)\n"
            + ";; Time 2026-12-02 06:57:13 UTC\n"
            + ";; From 127.0.0.1@5401(TCP) in 412.3 ms\n";
    XfrBench.Axfr axfr = XfrBench.parseKdig(out, 450.0);
    assertEquals(450.0, axfr.wallMillis());
    assertEquals(412.3, axfr.kdigMillis(), 1e-9);
    assertEquals(3_284_571, axfr.bytes());
    assertEquals(26, axfr.messages());
    assertEquals(100_001, axfr.records());
    assertEquals(
        4,
        XfrBench.parseKdig(
                ";; Received 142 B (1 messages, 4 records)\n"
                    + ";; From 127.0.0.1@27999(TCP) in 0.1 ms\n",
                3)
            .records());
  }

  @Test
  void aRefusedTransferHasNoSummary() {
    assertNull(XfrBench.parseKdig(";; ERROR: failed to query server 127.0.0.1@5401(TCP)\n", 5));
    assertNull(XfrBench.parseKdig(";; Transfer failed: REFUSED\n", 5));
  }

  @Test
  void countsOnlyFinishedIncomingTransfersOfTheType() {
    String log =
        "2026-12-02T07:00:00+0000 info: [z0000.notify.test.] AXFR, incoming, remote"
            + " 127.0.0.1@5401, started\n"
            + "2026-12-02T07:00:00+0000 info: [z0000.notify.test.] AXFR, incoming, remote"
            + " 127.0.0.1@5401, finished, 0.01 seconds, 3 messages, 30000"
            + " bytes\n"
            + "2026-12-02T07:00:01+0000 info: [z0000.notify.test.] IXFR, incoming, remote"
            + " 127.0.0.1@5401, started\n"
            + "2026-12-02T07:00:01+0000 info: [z0000.notify.test.] IXFR, incoming, remote"
            + " 127.0.0.1@5401, finished, 0.00 seconds, 1 messages, 300"
            + " bytes\n"
            + "2026-12-02T07:00:02+0000 info: [z0000.notify.test.] IXFR, incoming, remote"
            + " 127.0.0.1@5401, finished, 0.00 seconds, 1 messages, 310"
            + " bytes\n"
            + "2026-12-02T07:00:03+0000 info: [z0000.notify.test.] IXFR, outgoing, remote"
            + " 127.0.0.1@40000, finished, 0.00 seconds, 1 messages, 310 bytes\n";
    assertEquals(2, XfrBench.transfersIn(log, "IXFR"));
    assertEquals(1, XfrBench.transfersIn(log, "AXFR"));
    assertEquals(0, XfrBench.transfersIn("", "IXFR"));
  }

  @Test
  void splitsTheMigrationIntoRequestsWithinTheImportBounds() {
    List<String> zones = new BenchZones(1, 1000, 1000, XfrBench.MIGRATION_SUFFIX).zoneNames();
    List<List<String>> batches = XfrBench.batches(zones, 1000);
    assertEquals(10, batches.size());
    List<String> all = new ArrayList<>();
    batches.forEach(all::addAll);
    assertEquals(zones, all);
    // small zones: no more than felu.import.max-zones a request
    List<List<String>> small = XfrBench.batches(zones.subList(0, 999), 20);
    assertEquals(1, small.size());
    assertEquals(
        XfrBench.MAX_ZONES_PER_REQUEST,
        XfrBench.batches(new BenchZones(1, 2500, 20).zoneNames(), 20).get(0).size());
    // a zone at felu.import.max-records: one a request
    assertEquals(3, XfrBench.batches(zones.subList(0, 3), 100_000).size());
  }

  @Test
  void setsOfOneFleetDoNotShareZoneNames() {
    BenchZones axfr = new BenchZones(13, 1, 100, XfrBench.AXFR_SUFFIX);
    BenchZones migration = new BenchZones(13, 1, 100, XfrBench.MIGRATION_SUFFIX);
    assertEquals("z0000.axfr.test.", axfr.zoneName(0));
    assertEquals("z0000.migrate.test.", migration.zoneName(0));
    assertTrue(axfr.zoneFile(0).startsWith("$ORIGIN z0000.axfr.test.\n"));
    assertThrows(IllegalArgumentException.class, () -> new BenchZones(13, 1, 100, "axfr.test"));
  }

  @Test
  void refusesSizesFeluWouldNotImport() {
    assertThrows(
        IllegalArgumentException.class, () -> new XfrBench.Sizes(100_001, 5, 100, 1000, 1000, 13));
    assertThrows(IllegalArgumentException.class, () -> new XfrBench.Sizes(0, 0, 100, 0, 1000, 13));
    assertThrows(IllegalArgumentException.class, () -> new XfrBench.Sizes(0, 5, 0, 10, 10, 13));
    new XfrBench.Sizes(0, 5, 0, 0, 0, 13); // every phase skipped
    new XfrBench.Sizes(100_000, 5, 100, 1000, 1000, 13); // the sizes
  }

  @Test
  void knotPrimaryLetsLoopbackTransferSignedWhenGivenAKey() {
    List<String> zones = List.of("z0000.migrate.test.", "z0001.migrate.test.");
    String signed =
        KnotServer.primaryConfig(
            Path.of("/b/run"),
            Path.of("/b/storage"),
            Path.of("/b/zones"),
            5500,
            zones,
            new KnotServer.Key("migration-bench.", "c2VjcmV0c2VjcmV0c2VjcmV0"));
    assertTrue(
        signed.contains(
            "key:\n  - id: migration-bench.\n    algorithm: hmac-sha256\n"
                + "    secret: c2VjcmV0c2VjcmV0c2VjcmV0\n"),
        signed);
    assertTrue(
        signed.contains(
            "  - id: transfer-to-loopback\n    address: 127.0.0.1\n    key: migration-bench.\n"
                + "    action: transfer\n"),
        signed);
    for (String zone : zones) {
      assertTrue(
          signed.contains("  - domain: " + zone + "\n    acl: transfer-to-loopback\n"), signed);
    }
    String unsigned =
        KnotServer.primaryConfig(
            Path.of("/b/run"), Path.of("/b/storage"), Path.of("/b/zones"), 5500, zones, null);
    assertFalse(unsigned.contains("key"), unsigned);
    assertTrue(unsigned.contains("    action: transfer\n"), unsigned);
    assertTrue(unsigned.contains("journal-content: none"), unsigned);
  }

  @Test
  void knotSecondaryTakesTheZoneFromFeluWithTheKeyAndAcceptsItsNotify() {
    String conf =
        KnotServer.secondaryConfig(
            Path.of("/s/run"),
            Path.of("/s/storage"),
            27200,
            "z0000.notify.test.",
            5401,
            new KnotServer.Key("notify-bench.", "c2VjcmV0c2VjcmV0c2VjcmV0"));
    assertTrue(conf.contains("listen: 127.0.0.1@27200\n"), conf);
    assertTrue(
        conf.contains(
            "remote:\n  - id: felu\n    address: 127.0.0.1@5401\n    key: notify-bench.\n"),
        conf);
    assertTrue(
        conf.contains(
            "  - id: notify-from-felu\n    address: 127.0.0.1\n    key: notify-bench.\n"
                + "    action: notify\n"),
        conf);
    assertTrue(
        conf.endsWith(
            "zone:\n  - domain: z0000.notify.test.\n    master: felu\n"
                + "    acl: [notify-from-felu, transfer-to-tests]\n"),
        conf);
    // a secondary keeps a journal: the IXFRs it takes are the point
    assertFalse(conf.contains("journal-content: none"), conf);
    assertThrows(IllegalArgumentException.class, () -> new KnotServer.Key("no-dot", "c2VjcmV0"));
  }

  @Test
  void percentilesAreNearestRank() {
    double[] hundred = new double[100];
    for (int i = 0; i < 100; i++) {
      hundred[99 - i] = i + 1; // 100 … 1, unsorted
    }
    assertEquals(50, Bench.percentile(hundred, 50));
    assertEquals(99, Bench.percentile(hundred, 99));
    assertEquals(100, Bench.percentile(hundred, 100));
    assertEquals(1, Bench.percentile(hundred, 0));
    assertEquals(3, Bench.percentile(new double[] {5, 1, 3, 4, 2}, 50)); // median of 5 rounds
  }

  @Test
  void writesAMarkdownTableAndShortDurations() {
    assertEquals(
        "| what | result |\n| --- | --- |\n| AXFR | felu 1 ms |\n",
        XfrBench.table(List.<String[]>of(new String[] {"AXFR", "felu 1 ms"})));
    assertEquals("4.2 ms", XfrBench.ms(4.24));
    assertEquals("412 ms", XfrBench.ms(412.3));
    assertEquals("12.5 s", XfrBench.ms(12_500));
  }
}
