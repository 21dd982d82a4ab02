package dev.felu.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HandshakeVerifierTest {
  private static final String PATH = "/ns/config";
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final long EPOCH = 1_796_300_000_000L;

  private final LinkKey key = LinkKey.generate();
  private final Keyring keys = Keyring.parse(key.toEntry(), "test");
  private final HandshakeVerifier verifier =
      new HandshakeVerifier(Duration.ofSeconds(60), 100, Clock.fixed(NOW, ZoneOffset.UTC));

  private HandshakeVerifier.Verdict verify(String header) {
    return verifier.verify(header, PATH, keys, "ns1");
  }

  @Test
  void acceptsAFreshlySignedHandshake() {
    HandshakeVerifier.Verdict v = verify(LinkHandshake.authorization(key, "ns1", PATH, EPOCH, NOW));
    assertTrue(v.accepted(), v.reason());
    assertEquals(key.id(), v.keyId());
  }

  @Test
  void refusesAReplayedHeader() {
    String header = LinkHandshake.authorization(key, "ns1", PATH, EPOCH, NOW);
    assertTrue(verify(header).accepted());
    HandshakeVerifier.Verdict again = verify(header);
    assertFalse(again.accepted());
    assertEquals("replayed nonce", again.reason());
  }

  @Test
  void refusesASignatureMadeWithAnotherKeyUnderTheSameId() {
    LinkKey forged = new LinkKey(key.id(), LinkKey.generate().material());
    HandshakeVerifier.Verdict v =
        verify(LinkHandshake.authorization(forged, "ns1", PATH, EPOCH, NOW));
    assertFalse(v.accepted());
    assertEquals("bad signature", v.reason());
  }

  @Test
  void refusesAnUnknownKeyId() {
    HandshakeVerifier.Verdict v =
        verify(LinkHandshake.authorization(LinkKey.generate(), "ns1", PATH, EPOCH, NOW));
    assertFalse(v.accepted());
    assertEquals("unknown key id", v.reason());
  }

  @Test
  void refusesEveryTamperedField() {
    String nonce = "AAAAAAAAAAAAAAAAAAAAAA";
    String good = LinkHandshake.authorization(key, "ns1", PATH, NOW.getEpochSecond(), nonce, EPOCH);
    String[] tampered = {
      good.replace("ts=" + NOW.getEpochSecond(), "ts=" + (NOW.getEpochSecond() - 1)),
      good.replace("nonce=" + nonce, "nonce=AAAAAAAAAAAAAAAAAAAAAQ"),
      good.substring(0, good.length() - 2) + (good.endsWith("A") ? "BB" : "AA"),
      // a raised epoch would let a stale driver fence out the real one: it is signed
      good.replace("epoch=" + EPOCH, "epoch=" + (EPOCH + 1)),
    };
    for (String h : tampered) {
      HandshakeVerifier.Verdict v = verify(h);
      assertFalse(v.accepted(), h);
      assertEquals("bad signature", v.reason(), h);
    }
    // signed for another nameserver or another path: the signature does not match here
    assertEquals(
        "bad signature",
        verify(LinkHandshake.authorization(key, "ns2", PATH, EPOCH, NOW)).reason());
    assertEquals(
        "bad signature",
        verifier
            .verify(
                LinkHandshake.authorization(key, "ns1", PATH, EPOCH, NOW), "/other", keys, "ns1")
            .reason());
    assertTrue(verify(good).accepted(), "the untampered header still works");
  }

  @Test
  void refusesStaleAndFutureTimestampsOutsideTheWindow() {
    assertTrue(
        verify(LinkHandshake.authorization(key, "ns1", PATH, EPOCH, NOW.minusSeconds(60)))
            .accepted());
    assertTrue(
        verify(LinkHandshake.authorization(key, "ns1", PATH, EPOCH, NOW.plusSeconds(60)))
            .accepted());
    HandshakeVerifier.Verdict stale =
        verify(LinkHandshake.authorization(key, "ns1", PATH, EPOCH, NOW.minusSeconds(61)));
    assertFalse(stale.accepted());
    assertTrue(stale.reason().startsWith("timestamp expired"), stale.reason());
    HandshakeVerifier.Verdict future =
        verify(LinkHandshake.authorization(key, "ns1", PATH, EPOCH, NOW.plusSeconds(61)));
    assertFalse(future.accepted());
    assertTrue(future.reason().startsWith("timestamp in the future"), future.reason());
  }

  @Test
  void refusesMissingAndMalformedHeaders() {
    for (String h :
        new String[] {
          null,
          "",
          "Bearer some-secret",
          LinkHandshake.SCHEME + " key=x, ts=1",
          LinkHandshake.SCHEME + " key=x, ts=soon, nonce=AAAAAAAAAAAAAAAAAAAAAA, sig=x",
          LinkHandshake.SCHEME + " key=x, ts=1, nonce=short, sig=x",
        }) {
      HandshakeVerifier.Verdict v = verify(h);
      assertFalse(v.accepted(), String.valueOf(h));
    }
  }

  @Test
  void refusesEverythingWithoutConfiguredKeys() {
    HandshakeVerifier.Verdict v =
        verifier.verify(
            LinkHandshake.authorization(key, "ns1", PATH, EPOCH, NOW), PATH, Keyring.EMPTY, "ns1");
    assertFalse(v.accepted());
    assertEquals("no link key is configured", v.reason());
  }

  @Test
  void acceptsBothKeysDuringARotation() {
    LinkKey next = LinkKey.generate();
    Keyring both = Keyring.parse(key.toEntry() + ",\n" + next.toEntry(), "test");
    for (LinkKey k : new LinkKey[] {key, next}) {
      HandshakeVerifier.Verdict v =
          verifier.verify(
              LinkHandshake.authorization(k, "ns1", PATH, EPOCH, NOW), PATH, both, "ns1");
      assertTrue(v.accepted(), v.reason());
      assertEquals(k.id(), v.keyId());
    }
    Keyring onlyNext = Keyring.parse(next.toEntry(), "test");
    assertFalse(
        verifier
            .verify(
                LinkHandshake.authorization(key, "ns1", PATH, EPOCH, NOW), PATH, onlyNext, "ns1")
            .accepted(),
        "the old key is refused once removed");
  }

  @Test
  void aKeyFromATokenIsBoundToTheTokensNameserver() {
    Keyring fromToken = Keyring.parse(new BootstrapToken("ns7", key).token(), "test");
    assertTrue(
        verifier
            .verify(
                LinkHandshake.authorization(key, "ns7", PATH, EPOCH, NOW), PATH, fromToken, null)
            .accepted());
    assertFalse(
        verifier
            .verify(
                LinkHandshake.authorization(key, "ns1", PATH, EPOCH, NOW), PATH, fromToken, "ns1")
            .accepted());
  }

  @Test
  void reasonsNeverContainTheKeyOrTheSignature() {
    String header = LinkHandshake.authorization(key, "ns2", PATH, EPOCH, NOW);
    String reason = verify(header).reason();
    String sig = header.substring(header.indexOf("sig=") + 4);
    assertFalse(reason.contains(sig));
    assertFalse(reason.contains(key.toEntry().substring(key.id().length() + 1)));
  }

  @Test
  void aFullNonceCacheFailsClosedUntilEntriesExpire() {
    Instant[] now = {NOW};
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    HandshakeVerifier small = new HandshakeVerifier(Duration.ofSeconds(60), 2, clock);
    for (int i = 0; i < 2; i++) {
      assertTrue(
          small
              .verify(
                  LinkHandshake.authorization(key, "ns1", PATH, EPOCH, now[0]), PATH, keys, "ns1")
              .accepted());
    }
    assertEquals(
        "too many handshakes within the window",
        small
            .verify(LinkHandshake.authorization(key, "ns1", PATH, EPOCH, now[0]), PATH, keys, "ns1")
            .reason());
    now[0] = NOW.plusSeconds(61);
    assertTrue(
        small
            .verify(LinkHandshake.authorization(key, "ns1", PATH, EPOCH, now[0]), PATH, keys, "ns1")
            .accepted());
  }

  @Test
  void theAcceptedVerdictCarriesTheSignedEpoch() {
    HandshakeVerifier.Verdict v = verify(LinkHandshake.authorization(key, "ns1", PATH, 42, NOW));
    assertTrue(v.accepted(), v.reason());
    assertEquals(42, v.epoch());
    assertEquals(-1, verify("FELU-HMAC-SHA256 key=x").epoch(), "a refusal carries no epoch");
  }

  @Test
  void aVersionOneHeaderWithoutEpochIsRefusedNamingTheEpoch() {
    // what a management server of before leadership epochs sends: its signature cannot be checked
    String v1 =
        LinkHandshake.authorization(
                key, "ns1", PATH, NOW.getEpochSecond(), "AAAAAAAAAAAAAAAAAAAAAA", 7)
            .replace(", epoch=7", "");
    HandshakeVerifier.Verdict v = verify(v1);
    assertFalse(v.accepted());
    assertTrue(v.reason().startsWith("Authorization parameter epoch missing"), v.reason());
    assertTrue(v.reason().contains("upgrade"), v.reason());
  }

  @Test
  void aMalformedOrNegativeEpochIsRefused() {
    String good = LinkHandshake.authorization(key, "ns1", PATH, 5, NOW);
    assertEquals(
        "epoch is not a whole number", verify(good.replace("epoch=5", "epoch=five")).reason());
    assertEquals("epoch is negative", verify(good.replace("epoch=5", "epoch=-5")).reason());
    assertThrows(
        IllegalArgumentException.class,
        () -> LinkHandshake.authorization(key, "ns1", PATH, -1, NOW),
        "a negative epoch is never signed");
  }
}
