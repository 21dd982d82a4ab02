package dev.felu.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.model.zone.InvalidRecordException;
import dev.felu.model.zone.RecordInput;
import dev.felu.model.zone.Zone;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class ZoneImportPlanTest {
  private static Zone zone() {
    Name apex = RecordInput.zoneName("example.test.");
    Zone z = new Zone(apex);
    z.add(ZoneService.defaultSoa(apex));
    z.add(RecordInput.record(apex, "www", "A", 3600L, "192.0.2.1"));
    z.add(RecordInput.record(apex, "mail", "A", 3600L, "192.0.2.2"));
    return z;
  }

  @Test
  void addsWhatIsNewRemovesWhatIsGoneAndKeepsTheSoa() {
    ZoneImport plan =
        ZoneService.plan(
                zone(),
                "$TTL 3600\n"
                    + "@ IN SOA a. b. 99 1 1 1 1\n"
                    + "www IN A 192.0.2.1\n"
                    + "mail 300 IN A 192.0.2.2\n"
                    + "ftp IN CNAME www\n")
            .summary();
    assertEquals(
        List.of(
            "mail.example.test.\t300\tIN\tA\t192.0.2.2",
            "ftp.example.test.\t3600\tIN\tCNAME\twww.example.test."),
        plan.added());
    assertEquals(List.of("mail.example.test.\t3600\tIN\tA\t192.0.2.2"), plan.removed());
    assertEquals(1, plan.unchanged());
    assertTrue(plan.ignored().get(0).contains("SOA"), plan.ignored().toString());
  }

  @Test
  void sameRecordsChangeNothing() {
    assertTrue(
        ZoneService.plan(zone(), "www 3600 IN A 192.0.2.1\nmail 3600 IN A 192.0.2.2\n")
            .summary()
            .changesNothing());
  }

  @Test
  void refusesRecordsOutsideTheZoneAndFilesThatDoNotParse() {
    InvalidRecordException outside =
        assertThrows(
            InvalidRecordException.class,
            () -> ZoneService.plan(zone(), "www.example.org. 300 IN A 192.0.2.1\n"));
    assertEquals("file", outside.field());
    InvalidRecordException bad =
        assertThrows(
            InvalidRecordException.class, () -> ZoneService.plan(zone(), "www IN A 192.0.2.300\n"));
    assertEquals("file", bad.field());
    assertTrue(bad.getMessage().contains("192.0.2.300"), bad.getMessage());
  }
}
