package dev.felu.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressLiteralTest {
  @Test
  void writesIpv6AsRfc5952RecommendsAndIpv4DottedDecimal() throws Exception {
    assertEquals("192.0.2.1", AddressLiteral.normalize("192.0.2.1"));
    assertEquals("0.0.0.0", AddressLiteral.normalize("0.0.0.0"));
    // §4.2.1 the longest run compressed; §4.3 lower case; §4.1 no leading zeros
    assertEquals("2001:db8::53", AddressLiteral.normalize("2001:0DB8:0000:0000:0:0:0:0053"));
    // §4.2.2 a single zero group is not compressed
    assertEquals("2001:db8:0:1:1:1:1:1", AddressLiteral.normalize("2001:db8::1:1:1:1:1"));
    // §4.2.3 of equal runs, the first
    assertEquals("2001:db8::1:0:0:1", AddressLiteral.normalize("2001:db8:0:0:1:0:0:1"));
    // the longest run wins even when it is not the first
    assertEquals("2001:0:0:1::1", AddressLiteral.normalize("2001:0:0:1:0:0:0:1"));
    assertEquals("::", AddressLiteral.normalize("0:0:0:0:0:0:0:0"));
    assertEquals("::1", AddressLiteral.normalize("0:0:0:0:0:0:0:1"));
    assertEquals("fe80::", AddressLiteral.normalize("fe80:0:0:0:0:0:0:0"));
    assertEquals("1:0:2:0:3:0:4:0", AddressLiteral.normalize("1:0:2:0:3:0:4:0"));
  }

  @Test
  void refusesHostNamesAndMalformedLiteralsWithoutLookingAnythingUp() {
    for (String bad :
        List.of(
            "ns1.example.",
            "localhost",
            "999.1.1.1",
            "1.2.3",
            "010.0.0.1",
            "2001:db8::1::2",
            "2001:db8:::1",
            "12345::1",
            ":",
            "::ffff:192.0.2.1",
            "fe80::1%eth0",
            "[2001:db8::1]")) {
      assertThrows(AddressLiteral.NotAnAddress.class, () -> AddressLiteral.parse(bad), bad);
    }
  }
}
