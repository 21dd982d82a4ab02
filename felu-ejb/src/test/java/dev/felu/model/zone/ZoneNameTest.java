package dev.felu.model.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class ZoneNameTest {
  @Test
  void oneNormalFormAbsoluteLowerCase() {
    ZoneName z = ZoneName.of("  Example.TEST ");
    assertEquals("example.test.", z.toString());
    assertEquals(z, ZoneName.of("example.test."));
    assertEquals(Name.fromConstantString("example.test."), z.name());
    assertEquals("_tcp.example.test.", ZoneName.of("_TCP.Example.test").toString());
    assertEquals("2.0.192.in-addr.arpa.", ZoneName.of("2.0.192.in-addr.arpa").toString());
  }

  @Test
  void aZoneNameAnApiPathCannotCarryIsRefused() {
    for (String bad : new String[] {"probe1\\.test", "a\\032b.test.", "we ird.test"}) {
      InvalidRecordException e =
          assertThrows(InvalidRecordException.class, () -> ZoneName.of(bad), bad);
      assertEquals("name", e.field());
    }
  }

  @Test
  void missingRootAndMalformedNamesAreRefusedWithTheReason() {
    assertEquals(
        "zone name is required",
        assertThrows(InvalidRecordException.class, () -> ZoneName.of(" ")).getMessage());
    assertEquals(
        "the root zone cannot be served here",
        assertThrows(InvalidRecordException.class, () -> ZoneName.of(".")).getMessage());
    assertTrue(
        assertThrows(InvalidRecordException.class, () -> ZoneName.of("a..test"))
            .getMessage()
            .startsWith("invalid zone name"));
  }

  @Test
  void parseIsEmptyForTextThatNamesNoZone() {
    assertTrue(ZoneName.parse("we ird.test").isEmpty());
    assertEquals("example.test.", ZoneName.parse("EXAMPLE.test").orElseThrow().toString());
  }
}
