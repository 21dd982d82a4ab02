package dev.felu.ns.xfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.felu.ns.dns.ClientNetwork;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

class TransferAclTest {
  private static final Name KEY = XfrFixtures.KEY;

  private static TsigVerification verified(Name key) {
    TSIGRecord r =
        new TSIGRecord(
            key,
            255,
            0,
            TSIG.HMAC_SHA256,
            java.time.Instant.now(),
            TSIG.FUDGE,
            new byte[32],
            1,
            0,
            null);
    return new TsigVerification(key, Rcode.NOERROR, r, null);
  }

  private static TsigVerification failed(int error) {
    TSIGRecord r =
        new TSIGRecord(
            KEY,
            255,
            0,
            TSIG.HMAC_SHA256,
            java.time.Instant.now(),
            TSIG.FUDGE,
            new byte[32],
            1,
            0,
            null);
    return new TsigVerification(KEY, error, r, null);
  }

  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void deniesByDefault() throws Exception {
    assertEquals(
        TransferAcl.Decision.REFUSED,
        TransferAcl.DENY_ALL.decide(ip("127.0.0.1"), TsigVerification.UNSIGNED));
    assertEquals(
        TransferAcl.Decision.REFUSED, TransferAcl.DENY_ALL.decide(ip("127.0.0.1"), verified(KEY)));
  }

  @Test
  void admitsByIpv4AndIpv6Network() throws Exception {
    TransferAcl acl =
        TransferAcl.of(
            List.of(ClientNetwork.parse("198.51.100.0/24"), ClientNetwork.parse("2001:db8:1::/48")),
            List.of());
    assertEquals(
        TransferAcl.Decision.ALLOW, acl.decide(ip("198.51.100.9"), TsigVerification.UNSIGNED));
    assertEquals(
        TransferAcl.Decision.ALLOW, acl.decide(ip("2001:db8:1:2::53"), TsigVerification.UNSIGNED));
    assertEquals(
        TransferAcl.Decision.REFUSED, acl.decide(ip("198.51.101.9"), TsigVerification.UNSIGNED));
    assertEquals(
        TransferAcl.Decision.REFUSED, acl.decide(ip("2001:db8:2::53"), TsigVerification.UNSIGNED));
    // a verified key from an admitted network is admitted: the signature was checked first
    assertEquals(TransferAcl.Decision.ALLOW, acl.decide(ip("198.51.100.9"), verified(KEY)));
  }

  @Test
  void admitsByKeyFromAnywhereNamesMatchingInAnyCase() throws Exception {
    TransferAcl acl = TransferAcl.of(List.of(), List.of(XfrFixtures.name("XFR-Key.")));
    assertEquals(TransferAcl.Decision.ALLOW, acl.decide(ip("203.0.113.1"), verified(KEY)));
    assertEquals(
        TransferAcl.Decision.REFUSED, acl.decide(ip("203.0.113.1"), TsigVerification.UNSIGNED));
    assertEquals(
        TransferAcl.Decision.REFUSED,
        acl.decide(ip("203.0.113.1"), verified(XfrFixtures.OTHER_KEY)));
  }

  @Test
  void aRuleWithKeyAndNetworkNeedsBoth() throws Exception {
    TransferAcl acl =
        TransferAcl.of(
            List.of(new TransferAcl.Rule(List.of(ClientNetwork.parse("10.0.0.0/8")), KEY)));
    assertEquals(TransferAcl.Decision.ALLOW, acl.decide(ip("10.1.2.3"), verified(KEY)));
    assertEquals(
        TransferAcl.Decision.REFUSED, acl.decide(ip("10.1.2.3"), TsigVerification.UNSIGNED));
    assertEquals(TransferAcl.Decision.REFUSED, acl.decide(ip("11.1.2.3"), verified(KEY)));
  }

  @Test
  void aFailedSignatureIsNotauthWithItsErrorWhateverTheRules() throws Exception {
    TransferAcl open = TransferAcl.of(List.of(ClientNetwork.parse("0.0.0.0/0")), List.of());
    for (int error : new int[] {Rcode.BADKEY, Rcode.BADSIG, Rcode.BADTIME}) {
      TransferAcl.Decision d = open.decide(ip("127.0.0.1"), failed(error));
      assertEquals(TransferAcl.Verdict.NOTAUTH, d.verdict());
      assertEquals(error, d.tsigError());
      assertEquals(Rcode.NOTAUTH, d.rcode());
    }
  }

  @Test
  void refusesRelativeKeyNames() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new TransferAcl.Rule(List.of(), Name.fromConstantString("relative")));
  }

  @Test
  void tsigKeysHideTheirSecrets() {
    TsigKeys ring = XfrFixtures.ring(java.time.Clock.systemUTC());
    String shown = ring + " " + new TsigKeys.Key(TSIG.HMAC_SHA256, XfrFixtures.SECRET);
    assertEquals(-1, shown.indexOf("0123456789abcdef"), shown);
    assertEquals(
        -1, shown.indexOf(java.util.Base64.getEncoder().encodeToString(XfrFixtures.SECRET)), shown);
  }
}
