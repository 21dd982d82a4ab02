package dev.felu.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.input.InputLimits;
import dev.felu.model.zone.InvalidRecordException;
import dev.felu.model.zone.RecordInput;
import dev.felu.model.zone.Zone;
import dev.felu.model.zone.ZoneName;
import dev.felu.problem.ConflictException;
import dev.felu.problem.PayloadTooLargeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

class ZoneImportPlanTest {
  /** Small limits, so a test reaches them with small files. */
  private static final InputLimits LIMITS = InputLimits.of(1 << 20, 4096, 50);

  private static Zone zone() {
    Name apex = ZoneName.of("example.test.").name();
    Zone z = new Zone(apex);
    z.add(ZoneRules.defaultSoa(apex));
    z.add(RecordInput.record(apex, "www", "A", 3600L, "192.0.2.1"));
    z.add(RecordInput.record(apex, "mail", "A", 3600L, "192.0.2.2"));
    return z;
  }

  @Test
  void addsWhatIsNewRemovesWhatIsGoneAndTakesTheFilesSoaFields() {
    ZoneImport plan =
        ZoneImportPlan.of(
                LIMITS,
                zone(),
                "$TTL 3600\n"
                    + "@ 7200 IN SOA a. b. 99 1 2 3 60\n"
                    + "www IN A 192.0.2.1\n"
                    + "mail 300 IN A 192.0.2.2\n"
                    + "ftp IN CNAME www\n")
            .summary();
    assertEquals(
        List.of(
            "example.test.\t\t7200\tIN\tSOA\ta. b. 99 1 2 3 60",
            "mail.example.test.\t300\tIN\tA\t192.0.2.2",
            "ftp.example.test.\t3600\tIN\tCNAME\twww.example.test."),
        plan.added());
    assertEquals(2, plan.removed().size(), plan.removed().toString());
    assertTrue(plan.removed().get(0).contains("SOA"), plan.removed().toString());
    assertEquals("mail.example.test.\t3600\tIN\tA\t192.0.2.2", plan.removed().get(1));
    assertEquals(1, plan.unchanged());
    assertEquals(0, plan.ignoredCount());
  }

  @Test
  void aFileSoaLikeTheZonesChangesItOnlyWithAHigherSerial() {
    Zone z = zone();
    String soa = ZoneRules.defaultSoa(z.dnsName()).rdataToString();
    String same = soa.replaceFirst(" 1 ", " 0 "); // the serial lower than the zone's 1
    String rest = "www IN A 192.0.2.1\nmail IN A 192.0.2.2\n";
    long ttl = ZoneRules.defaultSoa(z.dnsName()).getTTL();
    ZoneImport lower =
        ZoneImportPlan.of(LIMITS, z, "@ " + ttl + " IN SOA " + same + "\n" + rest).summary();
    assertTrue(lower.changesNothing(), lower.toString());
    assertEquals(1, lower.ignoredCount(), lower.toString());
    String higher = soa.replaceFirst(" 1 ", " 5 ");
    ZoneImport raised =
        ZoneImportPlan.of(LIMITS, z, "@ " + ttl + " IN SOA " + higher + "\n" + rest).summary();
    assertEquals(1, raised.addedCount(), raised.toString());
    assertEquals(1, raised.removedCount(), raised.toString());
    assertTrue(raised.added().get(0).contains(higher), raised.toString());
    // without an SOA in the file the zone keeps its own
    assertTrue(ZoneImportPlan.of(LIMITS, z, rest).summary().changesNothing());
  }

  @Test
  void sameRecordsChangeNothing() {
    assertTrue(
        ZoneImportPlan.of(LIMITS, zone(), "www 3600 IN A 192.0.2.1\nmail 3600 IN A 192.0.2.2\n")
            .summary()
            .changesNothing());
  }

  @Test
  void refusesRecordsOutsideTheZoneAndFilesThatDoNotParse() {
    InvalidRecordException outside =
        assertThrows(
            InvalidRecordException.class,
            () -> ZoneImportPlan.of(LIMITS, zone(), "www.example.org. 300 IN A 192.0.2.1\n"));
    assertEquals("file", outside.field());
    InvalidRecordException bad =
        assertThrows(
            InvalidRecordException.class,
            () -> ZoneImportPlan.of(LIMITS, zone(), "www IN A 192.0.2.300\n"));
    assertEquals("file", bad.field());
    assertTrue(bad.getMessage().contains("192.0.2.300"), bad.getMessage());
  }

  @Test
  void neverReadsAFileOfTheServerAndNeverRepeatsIt(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.zone");
    String marker = "secret-" + Long.toHexString(System.nanoTime());
    Files.writeString(
        secret, "www IN TXT \"" + marker + "\"\n" + marker + "\n", StandardCharsets.UTF_8);
    for (String include :
        List.of("$INCLUDE " + secret + "\n", "$INCLUDE /dev/zero\n", "$INCLUDE /etc/passwd\n")) {
      InvalidRecordException refused =
          assertThrows(
              InvalidRecordException.class, () -> ZoneImportPlan.of(LIMITS, zone(), include));
      assertEquals("file", refused.field());
      assertTrue(refused.getMessage().contains("$INCLUDE"), refused.getMessage());
      assertFalse(refused.getMessage().contains(marker), refused.getMessage());
    }
  }

  @Test
  void aGenerateRangeCountsAsTheRecordsItMakesAndStopsAtTheLimit() {
    long start = System.nanoTime();
    PayloadTooLargeException refused =
        assertThrows(
            PayloadTooLargeException.class,
            () -> ZoneImportPlan.of(LIMITS, zone(), "$GENERATE 1-2147483647 host$ A 192.0.2.1\n"));
    assertEquals("file", refused.field());
    assertTrue(refused.getMessage().contains("felu.import.max-records"), refused.getMessage());
    assertTrue(
        System.nanoTime() - start < 10_000_000_000L,
        "stopped at the limit, not after two billion records");
    // within the limit $GENERATE works as in BIND
    assertEquals(
        40,
        ZoneImportPlan.of(LIMITS, zone(), "$GENERATE 1-40 host$ A 192.0.2.$\n")
            .summary()
            .added()
            .size());
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedBeforeItIsRead() {
    String big = "; padding\n".repeat(500);
    PayloadTooLargeException refused =
        assertThrows(PayloadTooLargeException.class, () -> ZoneImportPlan.of(LIMITS, zone(), big));
    assertTrue(refused.getMessage().contains("felu.import.max-bytes"), refused.getMessage());
  }

  @Test
  void anErrorRepeatsOnlyAShortEscapedExcerptOfTheFile() {
    String longBad = "www IN A " + "9".repeat(3000) + "\u0007\n";
    InvalidRecordException refused =
        assertThrows(
            InvalidRecordException.class, () -> ZoneImportPlan.of(LIMITS, zone(), longBad));
    assertTrue(refused.getMessage().length() < 400, refused.getMessage());
    assertFalse(refused.getMessage().contains("9".repeat(200)), refused.getMessage());
    assertFalse(refused.getMessage().contains("\u0007"), "control characters escaped");
  }

  @Test
  void aLargePreviewCountsEverythingAndShowsTheFirstHundredOfEachKind() {
    Name apex = ZoneName.of("example.test.").name();
    Zone z = new Zone(apex);
    z.add(ZoneRules.defaultSoa(apex));
    for (int i = 0; i < 120; i++) {
      z.add(RecordInput.record(apex, "old" + i, "A", 3600L, "192.0.2.1"));
    }
    StringBuilder file = new StringBuilder("$TTL 300\n");
    for (int i = 0; i < 150; i++) {
      file.append("new").append(i).append(" A 192.0.2.2\n");
    }
    ZoneImport plan =
        ZoneImportPlan.of(InputLimits.of(1 << 20, 1 << 20, 1000), z, file.toString()).summary();

    assertEquals(150, plan.addedCount());
    assertEquals(120, plan.removedCount());
    assertEquals(ZoneImport.SAMPLE, plan.added().size());
    assertEquals(ZoneImport.SAMPLE, plan.removed().size());
    assertTrue(plan.added().get(0).startsWith("new0.example.test."), plan.added().get(0));
    assertTrue(plan.removed().get(0).startsWith("old0.example.test."), plan.removed().get(0));
    assertTrue(plan.truncated());
    assertFalse(plan.changesNothing());
    // a small one is complete and says so
    assertFalse(
        ZoneImportPlan.of(LIMITS, zone(), "www 3600 IN A 192.0.2.1\n").summary().truncated());
  }

  @Test
  void aFileThatCannotBeOneZoneIsRefusedBeforeAnythingChanges() {
    ConflictException cname =
        assertThrows(
            ConflictException.class,
            () -> ZoneImportPlan.of(LIMITS, zone(), "www CNAME a.example.\nwww TXT \"x\"\n"));
    assertEquals("type", cname.field());
    ConflictException apex =
        assertThrows(
            ConflictException.class,
            () -> ZoneImportPlan.of(LIMITS, zone(), "@ CNAME a.example.\n"));
    assertEquals("type", apex.field());
    ConflictException twice =
        assertThrows(
            ConflictException.class,
            () -> ZoneImportPlan.of(LIMITS, zone(), "www 300 A 192.0.2.9\nWWW 600 A 192.0.2.9\n"));
    assertEquals("data", twice.field());
    // the same record written twice with one TTL is one record
    assertEquals(
        1,
        ZoneImportPlan.of(LIMITS, zone(), "x 300 A 192.0.2.9\nx 300 A 192.0.2.9\n")
            .summary()
            .addedCount());
  }

  @Test
  void aRecordRefusedOnItsOwnIsNamedWithItsLine() {
    Name apex = ZoneName.of("example.test.").name();
    InvalidRecordException outside =
        assertThrows(
            InvalidRecordException.class,
            () ->
                ZoneImportPlan.parse(
                    LIMITS,
                    apex,
                    "$TTL 300\n; a comment\nwww A 192.0.2.1\n\nx.example.org. A 192.0.2.2\n"));
    assertTrue(outside.getMessage().startsWith("line 5: "), outside.getMessage());
    InvalidRecordException last =
        assertThrows(
            InvalidRecordException.class,
            () ->
                ZoneImportPlan.parse(LIMITS, apex, "www A 192.0.2.1\nx.example.org. A 192.0.2.2"));
    assertTrue(last.getMessage().startsWith("line 2: "), last.getMessage());
    // what dnsjava cannot parse carries the line dnsjava names
    InvalidRecordException bad =
        assertThrows(
            InvalidRecordException.class,
            () -> ZoneImportPlan.parse(LIMITS, apex, "www A 192.0.2.1\nmail A 192.0.2.300\n"));
    assertTrue(bad.getMessage().contains("does not parse: line 2: "), bad.getMessage());
  }

  @Test
  void aNewZoneTakesTheFilesSoaOrADefaultOneAndEveryRecord() {
    Name apex = ZoneName.of("example.test.").name();
    ZoneImport withSoa =
        ZoneImportPlan.parse(
                LIMITS,
                apex,
                "@ 3600 IN SOA ns.example.test. h.example.test. 2024 1 1 1 1\nwww A 192.0.2.1\n")
            .asNewZone(apex)
            .summary();
    assertEquals(2, withSoa.addedCount());
    assertTrue(
        withSoa.added().get(0).contains("\t2024\t") || withSoa.added().get(0).contains(" 2024 "),
        withSoa.added().toString());
    assertEquals(0, withSoa.ignoredCount());
    ZoneImport without =
        ZoneImportPlan.parse(LIMITS, apex, "www A 192.0.2.1\n").asNewZone(apex).summary();
    assertEquals(2, without.addedCount());
    assertTrue(without.added().get(0).contains("SOA"), without.added().toString());
    assertThrows(
        ConflictException.class,
        () ->
            ZoneImportPlan.parse(LIMITS, apex, "@ SOA a. b. 1 1 1 1 1\n@ SOA c. d. 2 1 1 1 1\n")
                .asNewZone(apex));
  }
}
