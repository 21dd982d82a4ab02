package dev.felu.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.felu.model.zone.ZoneName;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class SoaSerialTest {
  private static final long MAX = 0xFFFFFFFFL;

  @Test
  void aChangeThatLeftTheSerialMovesItOneStep() {
    assertEquals(2, SoaSerial.afterChange(1, 1));
    assertEquals(2_026_120_101L, SoaSerial.afterChange(2_026_120_100L, 2_026_120_100L));
  }

  @Test
  void wrapsFromTheLastSerialToOneNotZero() {
    assertEquals(MAX, SoaSerial.afterChange(MAX - 1, MAX - 1));
    assertEquals(1, SoaSerial.afterChange(MAX, MAX));
    assertEquals(1, SoaSerial.afterChange(0, 0));
  }

  @Test
  void keepsASerialTheChangeItselfRaised() {
    assertEquals(50, SoaSerial.afterChange(10, 50));
    assertEquals(10 + 0x7FFFFFFFL, SoaSerial.afterChange(10, 10 + 0x7FFFFFFFL));
  }

  @Test
  void keepsARaisedSerialThatWrappedPastTheLastOne() {
    assertEquals(5, SoaSerial.afterChange(MAX - 5, 5));
    assertEquals(0, SoaSerial.afterChange(MAX, 0));
  }

  @Test
  void stepsPastASerialTheChangeLowered() {
    assertEquals(11, SoaSerial.afterChange(10, 9));
    assertEquals(11, SoaSerial.afterChange(10, 0));
    // a serial lower in RFC 1982 terms though higher as a number: 2^31+11 is before 10
    assertEquals(11, SoaSerial.afterChange(10, 10 + 0x80000001L));
  }

  @Test
  void stepsPastASerialHalfTheSpaceAwayWhoseOrderRfc1982LeavesUndefined() {
    assertEquals(11, SoaSerial.afterChange(10, 10 + 0x80000000L));
  }

  @Test
  void readsTheSerialOfStoredSoaData() {
    assertEquals(
        4_294_967_295L,
        SoaSerial.of(
            "example.test.",
            "ns1.example.test. hostmaster.example.test. 4294967295 3600 900 604800 300"));
    Name apex = ZoneName.of("example.test.").name();
    assertEquals(1, SoaSerial.of(apex.toString(), ZoneRules.defaultSoa(apex).rdataToString()));
  }

  @Test
  void refusesDataThatIsNoSoa() {
    assertThrows(IllegalStateException.class, () -> SoaSerial.of("example.test.", "192.0.2.1"));
  }
}
