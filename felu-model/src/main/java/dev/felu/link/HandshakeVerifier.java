package dev.felu.link;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Decides whether a config-link handshake is genuine: its key id is known, its timestamp within the
 * window of the nameserver's clock (either side), its signature right (compared in constant time),
 * and its nonce new. The nonce is remembered only once the signature is right, so forged handshakes
 * cannot fill the cache. Thread-safe; one instance per nameserver.
 */
public final class HandshakeVerifier {
  /** Default capacity: far more handshakes than a healthy link makes in a window. */
  public static final int DEFAULT_NONCES = 10_000;

  private final Duration window;
  private final Clock clock;
  private final NonceCache nonces;

  /**
   * The outcome.
   *
   * @param keyId the key that signed it, when known
   * @param epoch the signed leadership epoch of the management instance; -1 unless accepted
   * @param reason why it was refused; null when accepted. Never contains key material
   */
  public record Verdict(boolean accepted, String keyId, long epoch, String reason) {
    static Verdict refused(String keyId, String reason) {
      return new Verdict(false, keyId, -1, reason);
    }
  }

  public HandshakeVerifier(Duration window, int maxNonces, Clock clock) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the timestamp window must be positive");
    }
    this.window = window;
    this.clock = clock;
    this.nonces = new NonceCache(maxNonces);
  }

  /**
   * @param authorization the {@code Authorization} header as received (may be null)
   * @param path the request path the handshake went to
   * @param keys the keys accepted now
   * @param nameserver this nameserver's configured name, used for keys not bound to one (may be
   *     null)
   */
  public Verdict verify(String authorization, String path, Keyring keys, String nameserver) {
    if (keys.isEmpty()) {
      return Verdict.refused(null, "no link key is configured");
    }
    LinkHandshake.Credentials c;
    try {
      c = LinkHandshake.parse(authorization);
    } catch (IllegalArgumentException e) {
      return Verdict.refused(null, e.getMessage());
    }
    Optional<Keyring.Entry> entry = keys.find(c.keyId());
    if (entry.isEmpty()) {
      return Verdict.refused(safeId(c.keyId()), "unknown key id");
    }
    String boundName = entry.get().nameserver() != null ? entry.get().nameserver() : nameserver;
    if (boundName == null || boundName.isBlank()) {
      return Verdict.refused(
          c.keyId(), "this nameserver's name is unknown (set felu.ns.name or use a token)");
    }
    long now = clock.instant().getEpochSecond();
    long skew = c.timestamp() - now;
    if (skew < -window.toSeconds()) {
      return Verdict.refused(c.keyId(), "timestamp expired (" + (-skew) + " s old)");
    }
    if (skew > window.toSeconds()) {
      return Verdict.refused(c.keyId(), "timestamp in the future (" + skew + " s ahead)");
    }
    byte[] expected =
        LinkHandshake.mac(entry.get().key(), boundName, path, c.timestamp(), c.nonce(), c.epoch());
    byte[] presented;
    try {
      presented = Base64.getUrlDecoder().decode(c.signature());
    } catch (IllegalArgumentException e) {
      presented = new byte[0];
    }
    if (!MessageDigest.isEqual(expected, presented)) {
      return Verdict.refused(c.keyId(), "bad signature");
    }
    switch (nonces.remember(c.nonce(), c.timestamp() + window.toSeconds(), now)) {
      case REPLAYED:
        return Verdict.refused(c.keyId(), "replayed nonce");
      case FULL:
        return Verdict.refused(c.keyId(), "too many handshakes within the window");
      default:
        return new Verdict(true, c.keyId(), c.epoch(), null);
    }
  }

  /** Key ids from the wire go to logs: only if they look like ids. */
  private static String safeId(String id) {
    return id != null && LinkKey.ID.matcher(id).matches() ? id : "(malformed)";
  }
}
