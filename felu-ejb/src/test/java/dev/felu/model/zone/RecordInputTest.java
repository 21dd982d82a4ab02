package dev.felu.model.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class RecordInputTest {
  private final Name zone = ZoneName.of("Example.Test").name();

  @Test
  void zoneNamesAreAbsoluteAndLowerCase() {
    assertEquals("example.test.", zone.toString());
  }

  @Test
  void relativeApexAndAbsoluteOwnersResolveInsideTheZone() {
    assertEquals("www.example.test.", RecordInput.owner(zone, "www").toString());
    assertEquals("example.test.", RecordInput.owner(zone, "@").toString());
    assertEquals("a.b.example.test.", RecordInput.owner(zone, "a.b.example.test.").toString());
  }

  @Test
  void parsesRecordDataWithDnsjava() {
    Record r = RecordInput.record(zone, "www", "a", 300L, "192.0.2.10");
    assertEquals(Type.A, r.getType());
    assertEquals(300, r.getTTL());
    Record mx = RecordInput.record(zone, "@", "MX", null, "10 mail");
    assertEquals("10 mail.example.test.", mx.rdataToString());
    assertEquals(3600, mx.getTTL());
  }

  @Test
  void badInputNamesTheField() {
    assertEquals(
        "data",
        assertThrows(
                InvalidRecordException.class,
                () -> RecordInput.record(zone, "www", "A", 300L, "192.0.2.300"))
            .field());
    assertEquals(
        "type",
        assertThrows(
                InvalidRecordException.class,
                () -> RecordInput.record(zone, "www", "NOPE", 300L, "x"))
            .field());
    assertEquals(
        "ttl",
        assertThrows(
                InvalidRecordException.class,
                () -> RecordInput.record(zone, "www", "A", -1L, "192.0.2.1"))
            .field());
    InvalidRecordException outside =
        assertThrows(
            InvalidRecordException.class,
            () -> RecordInput.record(zone, "www.other.test.", "A", 1L, "192.0.2.1"));
    assertEquals("name", outside.field());
    assertTrue(outside.getMessage().contains("not inside zone example.test."));
    assertEquals(
        "type",
        assertThrows(
                InvalidRecordException.class, () -> RecordInput.record(zone, "www", "ANY", 1L, "x"))
            .field());
  }

  @Test
  void dataLongerThanAZoneHoldsIsBadInputNotAServerFailure() {
    Name zone = ZoneName.of("example.test.").name();
    // 300 strings of 250 characters: fine for dnsjava, too long for a record of a zone
    String data = ("\"" + "x".repeat(250) + "\" ").repeat(300);
    InvalidRecordException e =
        assertThrows(
            InvalidRecordException.class, () -> RecordInput.record(zone, "big", "TXT", 300L, data));
    assertEquals("data", e.field());
    assertTrue(e.getMessage().contains("at most " + RecordInput.MAX_DATA_CHARS), e.getMessage());
  }

  @Test
  void anErrorQuotesOnlyAShortEscapedExcerptOfTheInput() {
    Name zone = ZoneName.of("example.test.").name();
    String typed = "192.0.2." + "1".repeat(1000) + "\n\u0000";
    InvalidRecordException e =
        assertThrows(
            InvalidRecordException.class, () -> RecordInput.record(zone, "www", "A", 1L, typed));
    assertTrue(e.getMessage().length() < 300, e.getMessage());
    assertFalse(e.getMessage().contains("\u0000"), e.getMessage());
    assertEquals("'ab\\n\\u0000c\\''", Excerpt.of("ab\n\u0000c'"));
    assertEquals("'" + "y".repeat(Excerpt.MAX) + "…'", Excerpt.of("y".repeat(500)));
  }
}
