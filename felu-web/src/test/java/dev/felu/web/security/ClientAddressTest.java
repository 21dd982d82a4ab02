package dev.felu.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whose address a request counts as behind a load balancer: only a trusted proxy's forwarded
 * address is believed, and only the part the proxy itself appended.
 */
class ClientAddressTest {
  private static final List<String> PROXY = ClientAddress.networks("10.0.0.5, 2001:db8::/64");

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    assertEquals(
        "203.0.113.9", ClientAddress.of("203.0.113.9", List.of("198.51.100.1"), List.of()));
  }

  @Test
  void fromATrustedProxyTheAddressItAppendedIsTheClient() {
    assertEquals("203.0.113.9", ClientAddress.of("10.0.0.5", List.of("203.0.113.9"), PROXY));
    assertEquals("2001:db9::1", ClientAddress.of("2001:db8::7", List.of("2001:db9::1"), PROXY));
  }

  @Test
  void whatTheClientWroteLeftOfItIsNeverBelieved() {
    // a client sending "X-Forwarded-For: 198.51.100.1" to evade throttling by address
    assertEquals(
        "203.0.113.9", ClientAddress.of("10.0.0.5", List.of("198.51.100.1, 203.0.113.9"), PROXY));
    assertEquals(
        "203.0.113.9", ClientAddress.of("10.0.0.5", List.of("198.51.100.1", "203.0.113.9"), PROXY));
  }

  @Test
  void proxiesInARowAreSkippedRightToLeft() {
    assertEquals(
        "203.0.113.9", ClientAddress.of("10.0.0.5", List.of("203.0.113.9, 2001:db8::3"), PROXY));
  }

  @Test
  void aSenderThatIsNoTrustedProxyIsItself() {
    assertEquals("192.0.2.7", ClientAddress.of("192.0.2.7", List.of("203.0.113.9"), PROXY));
  }

  @Test
  void garbageOrANameInTheHeaderFallsBackToThePeer() {
    assertEquals("10.0.0.5", ClientAddress.of("10.0.0.5", List.of("evil.example"), PROXY));
    assertEquals("10.0.0.5", ClientAddress.of("10.0.0.5", List.of(""), PROXY));
    assertEquals("10.0.0.5", ClientAddress.of("10.0.0.5", List.of(), PROXY));
  }

  @Test
  void anOverlongHeaderIsReadFromItsRightEndOnly() {
    String padding = "198.51.100.1, ".repeat(500);
    assertEquals(
        "203.0.113.9", ClientAddress.of("10.0.0.5", List.of(padding + "203.0.113.9"), PROXY));
  }

  @Test
  void aBadSettingFailsTheStartNamingIt() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ClientAddress.networks("10.0.0.5, proxy"));
    assertTrue(e.getMessage().contains("felu.security.trusted-proxies"), e.getMessage());
  }
}
