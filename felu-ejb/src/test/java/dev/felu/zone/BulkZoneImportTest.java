package dev.felu.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.input.InputLimits;
import dev.felu.input.InvalidInputException;
import dev.felu.model.zone.InvalidRecordException;
import dev.felu.problem.ConflictException;
import dev.felu.problem.PayloadTooLargeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a bulk import refuses before it touches the database: bounds, repeats, bad files. */
class BulkZoneImportTest {
  /** Per file 4 KiB and 50 records; per request 3 files, 100 records, 200 bytes. */
  private static final InputLimits LIMITS = InputLimits.of(1 << 20, 4096, 50, 3, 200, 100);

  @Test
  void readsEveryFileForItsZone() {
    List<BulkZoneImport.Parsed> parsed =
        BulkZoneImport.parse(
            LIMITS,
            List.of(
                new ZoneFile("a.test", "www A 192.0.2.1\n"),
                new ZoneFile("B.test.", "www A 192.0.2.2\nmail A 192.0.2.3\n")));
    assertEquals("b.test.", parsed.get(1).name().toString());
    assertEquals(2, parsed.get(1).plan().records());
  }

  @Test
  void refusesARequestBeyondItsBoundsNamingTheSetting() {
    PayloadTooLargeException zones =
        assertThrows(
            PayloadTooLargeException.class,
            () ->
                BulkZoneImport.parse(
                    LIMITS,
                    List.of(
                        new ZoneFile("a.test", "x A 192.0.2.1\n"),
                        new ZoneFile("b.test", "x A 192.0.2.1\n"),
                        new ZoneFile("c.test", "x A 192.0.2.1\n"),
                        new ZoneFile("d.test", "x A 192.0.2.1\n"))));
    assertEquals("body", zones.field());
    assertTrue(zones.getMessage().contains("felu.import.max-zones"), zones.getMessage());

    String big = "x A 192.0.2.1\n".repeat(10);
    PayloadTooLargeException bytes =
        assertThrows(
            PayloadTooLargeException.class,
            () ->
                BulkZoneImport.parse(
                    LIMITS, List.of(new ZoneFile("a.test", big), new ZoneFile("b.test.", big))));
    assertEquals("b.test.", bytes.field(), "the file that crossed the bound");
    assertTrue(bytes.getMessage().startsWith("zone b.test.: "), bytes.getMessage());
    assertTrue(bytes.getMessage().contains("felu.import.max-request-bytes"), bytes.getMessage());

    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      many.append('h').append(i).append(" A 192.0.2.1\n");
    }
    PayloadTooLargeException records =
        assertThrows(
            PayloadTooLargeException.class,
            () ->
                BulkZoneImport.parse(
                    InputLimits.of(1 << 20, 4096, 50, 3, 1 << 20, 100),
                    List.of(
                        new ZoneFile("a.test", many.toString()),
                        new ZoneFile("b.test", many.toString()),
                        new ZoneFile("c.test", many.toString()))));
    assertEquals("c.test", records.field());
    assertTrue(
        records.getMessage().contains("felu.import.max-request-records"), records.getMessage());
  }

  @Test
  void aBadFileOrARepeatedZoneIsNamedByItsPart() {
    InvalidRecordException bad =
        assertThrows(
            InvalidRecordException.class,
            () ->
                BulkZoneImport.parse(
                    LIMITS,
                    List.of(
                        new ZoneFile("a.test", "www A 192.0.2.1\n"),
                        new ZoneFile("b.test", "www A 192.0.2.1\nx.example.org. A 192.0.2.2\n"))));
    assertEquals("b.test", bad.field());
    assertTrue(bad.getMessage().startsWith("zone b.test.: line 2: "), bad.getMessage());

    InvalidInputException twice =
        assertThrows(
            InvalidInputException.class,
            () ->
                BulkZoneImport.parse(
                    LIMITS,
                    List.of(
                        new ZoneFile("a.test", "www A 192.0.2.1\n"),
                        new ZoneFile("A.TEST.", "www A 192.0.2.1\n"))));
    assertEquals("A.TEST.", twice.field());

    InvalidRecordException name =
        assertThrows(
            InvalidRecordException.class,
            () ->
                BulkZoneImport.parse(LIMITS, List.of(new ZoneFile("bad..name", "x A 1.2.3.4\n"))));
    assertEquals("bad..name", name.field());

    ConflictException cname =
        assertThrows(
            ConflictException.class,
            () ->
                BulkZoneImport.parse(
                    LIMITS, List.of(new ZoneFile("a.test", "w CNAME x.\nw TXT \"y\"\n"))));
    assertEquals("a.test", cname.field());
    assertTrue(cname.getMessage().startsWith("zone a.test.: "), cname.getMessage());

    assertEquals(
        "body",
        assertThrows(InvalidInputException.class, () -> BulkZoneImport.parse(LIMITS, List.of()))
            .field());
  }
}
