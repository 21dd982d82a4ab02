package dev.felu.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.input.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferNetworkTest {
  @Test
  void normalisesToTheNetworkAddressAndItsPrefix() {
    assertEquals("192.0.2.0/24", TransferNetwork.normalize("192.0.2.77/24"));
    assertEquals("127.0.0.1/32", TransferNetwork.normalize(" 127.0.0.1 "));
    assertEquals("2001:db8::/32", TransferNetwork.normalize("2001:db8::1/32"));
    assertEquals("2001:db8:0:1::/64", TransferNetwork.normalize("2001:DB8:0:1:FFFF::1/64"));
    assertEquals("::/0", TransferNetwork.normalize("2001:db8::1/0"));
    assertEquals(
        List.of("10.0.0.0/8", "192.0.2.0/24"),
        TransferNetwork.normalize(List.of("192.0.2.0/24", "10.1.2.3/8", "192.0.2.0/24")));
  }

  @Test
  void refusesWhatIsNotANetworkNamingTheField() {
    for (String bad :
        List.of(
            "",
            "example.com",
            "300.1.2.3/8",
            "192.0.2.0/33",
            "2001:db8::/129",
            "192.0.2/24",
            "1.2.3.4/x",
            "::ffff:192.0.2.1/128",
            "192.0.02.0/24")) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> TransferNetwork.normalize(bad), bad);
      assertEquals("networks", e.field());
    }
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> TransferNetwork.normalize((List<String>) null));
    assertTrue(e.getMessage().contains("required"));
  }

  @Test
  void containsTheAddressesOfItsPrefixOnly() throws Exception {
    byte[] inside = java.net.InetAddress.getByName("192.0.2.200").getAddress();
    byte[] outside = java.net.InetAddress.getByName("192.0.3.1").getAddress();
    assertTrue(TransferNetwork.contains("192.0.2.0/24", inside));
    assertFalse(TransferNetwork.contains("192.0.2.0/24", outside));
    assertTrue(TransferNetwork.contains("192.0.2.0/23", outside)); // 192.0.2.0 – 192.0.3.255
    assertFalse(TransferNetwork.contains("192.0.0.0/23", outside));
    assertTrue(TransferNetwork.contains("0.0.0.0/0", outside));
    assertTrue(TransferNetwork.contains("127.0.0.1/32", new byte[] {127, 0, 0, 1}));
    assertFalse(TransferNetwork.contains("127.0.0.1/32", new byte[] {127, 0, 0, 2}));
    byte[] v6 = java.net.InetAddress.getByName("2001:db8::9").getAddress();
    assertTrue(TransferNetwork.contains("2001:db8::/32", v6));
    assertFalse(TransferNetwork.contains("2001:db9::/32", v6));
    // the families never mix, not even ::/0 and 0.0.0.0/0
    assertFalse(TransferNetwork.contains("::/0", inside));
    assertFalse(TransferNetwork.contains("0.0.0.0/0", v6));
  }
}
