package dev.felu.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HandshakeVerifierTest {
  private static final String PATH = "/ns/config";
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private final LinkKey key = LinkKey.generate();
  private final Keyring keys = Keyring.parse(key.toEntry(), "test");
  private final HandshakeVerifier verifier =
      new HandshakeVerifier(Duration.ofSeconds(60), 100, Clock.fixed(NOW, ZoneOffset.UTC));

  private HandshakeVerifier.Verdict verify(String header) {
    return verifier.verify(header, PATH, keys, "ns1");
  }

  @Test
  void acceptsAFreshlySignedHandshake() {
    HandshakeVerifier.Verdict v = verify(LinkHandshake.authorization(key, "ns1", PATH, NOW));
    assertTrue(v.accepted(), v.reason());
    assertEquals(key.id(), v.keyId());
  }

  @Test
  void refusesAReplayedHeader() {
    String header = LinkHandshake.authorization(key, "ns1", PATH, NOW);
    assertTrue(verify(header).accepted());
    HandshakeVerifier.Verdict again = verify(header);
    assertFalse(again.accepted());
    assertEquals("replayed nonce", again.reason());
  }

  @Test
  void refusesASignatureMadeWithAnotherKeyUnderTheSameId() {
    LinkKey forged = new LinkKey(key.id(), LinkKey.generate().material());
    HandshakeVerifier.Verdict v = verify(LinkHandshake.authorization(forged, "ns1", PATH, NOW));
    assertFalse(v.accepted());
    assertEquals("bad signature", v.reason());
  }

  @Test
  void refusesAnUnknownKeyId() {
    HandshakeVerifier.Verdict v =
        verify(LinkHandshake.authorization(LinkKey.generate(), "ns1", PATH, NOW));
    assertFalse(v.accepted());
    assertEquals("unknown key id", v.reason());
  }

  @Test
  void refusesEveryTamperedField() {
    String nonce = "AAAAAAAAAAAAAAAAAAAAAA";
    String good = LinkHandshake.authorization(key, "ns1", PATH, NOW.getEpochSecond(), nonce);
    String[] tampered = {
      good.replace("ts=" + NOW.getEpochSecond(), "ts=" + (NOW.getEpochSecond() - 1)),
      good.replace("nonce=" + nonce, "nonce=AAAAAAAAAAAAAAAAAAAAAQ"),
      good.substring(0, good.length() - 2) + (good.endsWith("A") ? "BB" : "AA"),
    };
    for (String h : tampered) {
      HandshakeVerifier.Verdict v = verify(h);
      assertFalse(v.accepted(), h);
      assertEquals("bad signature", v.reason(), h);
    }
    // signed for another nameserver or another path: the signature does not match here
    assertEquals(
        "bad signature", verify(LinkHandshake.authorization(key, "ns2", PATH, NOW)).reason());
    assertEquals(
        "bad signature",
        verifier
            .verify(LinkHandshake.authorization(key, "ns1", PATH, NOW), "/other", keys, "ns1")
            .reason());
    assertTrue(verify(good).accepted(), "the untampered header still works");
  }

  @Test
  void refusesStaleAndFutureTimestampsOutsideTheWindow() {
    assertTrue(
        verify(LinkHandshake.authorization(key, "ns1", PATH, NOW.minusSeconds(60))).accepted());
    assertTrue(
        verify(LinkHandshake.authorization(key, "ns1", PATH, NOW.plusSeconds(60))).accepted());
    HandshakeVerifier.Verdict stale =
        verify(LinkHandshake.authorization(key, "ns1", PATH, NOW.minusSeconds(61)));
    assertFalse(stale.accepted());
    assertTrue(stale.reason().startsWith("timestamp expired"), stale.reason());
    HandshakeVerifier.Verdict future =
        verify(LinkHandshake.authorization(key, "ns1", PATH, NOW.plusSeconds(61)));
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
            LinkHandshake.authorization(key, "ns1", PATH, NOW), PATH, Keyring.EMPTY, "ns1");
    assertFalse(v.accepted());
    assertEquals("no link key is configured", v.reason());
  }

  @Test
  void acceptsBothKeysDuringARotation() {
    LinkKey next = LinkKey.generate();
    Keyring both = Keyring.parse(key.toEntry() + ",\n" + next.toEntry(), "test");
    for (LinkKey k : new LinkKey[] {key, next}) {
      HandshakeVerifier.Verdict v =
          verifier.verify(LinkHandshake.authorization(k, "ns1", PATH, NOW), PATH, both, "ns1");
      assertTrue(v.accepted(), v.reason());
      assertEquals(k.id(), v.keyId());
    }
    Keyring onlyNext = Keyring.parse(next.toEntry(), "test");
    assertFalse(
        verifier
            .verify(LinkHandshake.authorization(key, "ns1", PATH, NOW), PATH, onlyNext, "ns1")
            .accepted(),
        "the old key is refused once removed");
  }

  @Test
  void aKeyFromATokenIsBoundToTheTokensNameserver() {
    Keyring fromToken = Keyring.parse(new BootstrapToken("ns7", key).token(), "test");
    assertTrue(
        verifier
            .verify(LinkHandshake.authorization(key, "ns7", PATH, NOW), PATH, fromToken, null)
            .accepted());
    assertFalse(
        verifier
            .verify(LinkHandshake.authorization(key, "ns1", PATH, NOW), PATH, fromToken, "ns1")
            .accepted());
  }

  @Test
  void reasonsNeverContainTheKeyOrTheSignature() {
    String header = LinkHandshake.authorization(key, "ns2", PATH, NOW);
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
              .verify(LinkHandshake.authorization(key, "ns1", PATH, now[0]), PATH, keys, "ns1")
              .accepted());
    }
    assertEquals(
        "too many handshakes within the window",
        small
            .verify(LinkHandshake.authorization(key, "ns1", PATH, now[0]), PATH, keys, "ns1")
            .reason());
    now[0] = NOW.plusSeconds(61);
    assertTrue(
        small
            .verify(LinkHandshake.authorization(key, "ns1", PATH, now[0]), PATH, keys, "ns1")
            .accepted());
  }
}
