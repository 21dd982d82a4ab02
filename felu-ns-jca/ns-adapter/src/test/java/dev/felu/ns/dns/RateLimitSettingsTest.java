package dev.felu.ns.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading {@code felu.ns.rrl.*}: defaults, and refusals that name the key. */
class RateLimitSettingsTest {
  private static RateLimitSettings read(Map<String, String> values) {
    return RateLimitSettings.read(key -> Optional.ofNullable(values.get(key)));
  }

  private static String refusal(String key, String value) {
    return assertThrows(IllegalArgumentException.class, () -> read(Map.of(key, value)))
        .getMessage();
  }

  @Test
  void isOffUnlessARateIsSet() {
    RateLimitSettings none = read(Map.of());
    assertFalse(none.enabled());
    assertEquals(RateLimitSettings.off(), none);
    assertEquals(1, none.slip());
    assertEquals(24, none.ipv4Prefix());
    assertEquals(56, none.ipv6Prefix());
    assertEquals(393_241, none.tableSize());
    assertEquals(List.of(), none.whitelist());
    assertFalse(read(Map.of("felu.ns.rrl.responses-per-second", "0")).enabled());
  }

  @Test
  void readsEveryKey() {
    RateLimitSettings s =
        read(
            Map.of(
                "felu.ns.rrl.responses-per-second", " 20 ",
                "felu.ns.rrl.slip", "2",
                "felu.ns.rrl.ipv4-prefix", "28",
                "felu.ns.rrl.ipv6-prefix", "64",
                "felu.ns.rrl.table-size", "1000",
                "felu.ns.rrl.whitelist", "127.0.0.0/8, ::1 ,2001:db8::/32,"));
    assertTrue(s.enabled());
    assertEquals(
        new RateLimitSettings(
            20,
            2,
            28,
            64,
            1000,
            List.of(
                ClientNetwork.parse("127.0.0.0/8"),
                ClientNetwork.parse("::1/128"),
                ClientNetwork.parse("2001:db8::/32"))),
        s);
  }

  @Test
  void refusesBadValuesNamingTheKey() {
    assertTrue(
        refusal("felu.ns.rrl.responses-per-second", "-1")
            .startsWith("felu.ns.rrl.responses-per-second must be 0..1000000"));
    assertTrue(
        refusal("felu.ns.rrl.responses-per-second", "ten")
            .startsWith("felu.ns.rrl.responses-per-second must be a whole number, was 'ten'"));
    assertTrue(refusal("felu.ns.rrl.slip", "101").startsWith("felu.ns.rrl.slip must be 0..100"));
    assertTrue(
        refusal("felu.ns.rrl.ipv4-prefix", "33")
            .startsWith("felu.ns.rrl.ipv4-prefix must be 1..32"));
    assertTrue(
        refusal("felu.ns.rrl.ipv6-prefix", "0")
            .startsWith("felu.ns.rrl.ipv6-prefix must be 1..128"));
    assertTrue(
        refusal("felu.ns.rrl.table-size", "0").startsWith("felu.ns.rrl.table-size must be 1.."));
    String whitelist = refusal("felu.ns.rrl.whitelist", "127.0.0.0/8, localhost");
    assertTrue(whitelist.startsWith("felu.ns.rrl.whitelist must be"), whitelist);
    assertTrue(whitelist.contains("'localhost'"), whitelist);
    assertTrue(
        refusal("felu.ns.rrl.whitelist", "10.0.0.0/33").contains("'10.0.0.0/33'"),
        "prefix too long");
  }

  @Test
  void parsesNetworksAsLiteralsAndClearsHostBits() {
    ClientNetwork loopback = ClientNetwork.parse("127.0.0.1/8");
    assertEquals("127.0.0.0/8", loopback.toString());
    assertTrue(loopback.contains(new byte[] {127, 1, 2, 3}));
    assertFalse(loopback.contains(new byte[] {(byte) 128, 0, 0, 1}));
    assertFalse(loopback.contains(new byte[16]), "an IPv6 client is never in an IPv4 network");

    ClientNetwork odd = ClientNetwork.parse("192.0.2.128/25");
    assertTrue(odd.contains(new byte[] {(byte) 192, 0, 2, (byte) 200}));
    assertFalse(odd.contains(new byte[] {(byte) 192, 0, 2, 127}));

    assertEquals("192.0.2.7/32", ClientNetwork.parse("192.0.2.7").toString());
    assertEquals(ClientNetwork.parse("2001:db8::/32"), ClientNetwork.parse("2001:db8:ff::1/32"));
    assertTrue(ClientNetwork.parse("::/0").contains(new byte[16]));
    for (String bad : List.of("example.com", "300.0.0.1/8", "10.0.0.0/x", "1.2.3/8", "", "::g")) {
      assertThrows(IllegalArgumentException.class, () -> ClientNetwork.parse(bad), bad);
    }
  }
}
