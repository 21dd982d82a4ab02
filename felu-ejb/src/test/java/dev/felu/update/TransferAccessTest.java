package dev.felu.update;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * Who may transfer a zone from the UPDATE endpoint: the zone's transfer policy, as the nameservers
 * judge a signed request.
 */
class TransferAccessTest {
  static final Name ALLOWED = Name.fromConstantString("external-dns.example.");
  static final Name OTHER = Name.fromConstantString("certbot.example.");

  @Test
  void aKeyAllowedOnTheZoneIsAdmittedFromAnywhereInAnyCase() throws Exception {
    TransferAccess access = new TransferAccess(List.of(), Set.of(ALLOWED));
    assertTrue(access.admits(InetAddress.getByName("198.51.100.7"), ALLOWED));
    assertTrue(
        access.admits(
            InetAddress.getByName("2001:db8::1"),
            Name.fromConstantString("External-DNS.Example.")));
  }

  @Test
  void anotherKeyIsRefusedUnlessTheClientIsInOneOfTheZonesNetworks() throws Exception {
    TransferAccess access = new TransferAccess(List.of("192.0.2.0/24"), Set.of(ALLOWED));
    assertFalse(access.admits(InetAddress.getByName("198.51.100.7"), OTHER));
    assertTrue(access.admits(InetAddress.getByName("192.0.2.99"), OTHER));
  }

  @Test
  void noKeyIsNeverAdmittedNotEvenFromAnAllowedNetwork() throws Exception {
    TransferAccess access = new TransferAccess(List.of("127.0.0.1/32"), Set.of(ALLOWED));
    assertFalse(access.admits(InetAddress.getByName("127.0.0.1"), null));
  }

  @Test
  void aZoneWithoutTransferSettingsAdmitsNobody() throws Exception {
    assertFalse(TransferAccess.NONE.admits(InetAddress.getByName("127.0.0.1"), ALLOWED));
  }
}
