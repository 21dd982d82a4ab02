package dev.felu.link;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed {@code Authorization} header of a config-link handshake:
 *
 * <pre>
 * Authorization: FELU-HMAC-SHA256 key=&lt;keyId&gt;, ts=&lt;unix seconds&gt;, nonce=&lt;16 random bytes, base64url&gt;, epoch=&lt;leadership epoch&gt;, sig=&lt;base64url&gt;
 * sig = HMAC-SHA256(key, "felu-link-v2\n" + nameserver + "\n" + path + "\n" + ts + "\n" + nonce + "\n" + epoch)
 * </pre>
 *
 * The nameserver name and the request path are signed but not sent, so a header made for one
 * nameserver or endpoint is worthless at another; ts and nonce make every header single-use (see
 * {@link HandshakeVerifier}).
 *
 * <p>The epoch names the management instance's term as the fleet's driver
 * (ARCHITECTURE.md#flow-cluster): a nameserver keeps one config link, and a link of a higher or
 * equal epoch replaces the open one while a lower one is refused. It is signed, so nobody without a
 * link key can fence the real driver out. A header of version 1 (no epoch, context {@code
 * felu-link-v1}) is refused with a reason naming the missing epoch; a nameserver of version 1
 * refuses this header as having unexpected parameters: an old peer fails at the handshake, never
 * silently.
 */
public final class LinkHandshake {
  public static final String SCHEME = "FELU-HMAC-SHA256";
  static final String CONTEXT = "felu-link-v2";
  static final int NONCE_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  /** The parsed fields of a header; nothing here is checked yet. */
  public record Credentials(
      String keyId, long timestamp, String nonce, long epoch, String signature) {}

  private LinkHandshake() {}

  /**
   * A fresh header value for one handshake to {@code nameserver} at {@code path}, by the driver of
   * leadership {@code epoch}.
   *
   * @throws IllegalArgumentException for a negative epoch
   */
  public static String authorization(
      LinkKey key, String nameserver, String path, long epoch, Instant now) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    return authorization(
        key, nameserver, path, now.getEpochSecond(), B64URL.encodeToString(nonce), epoch);
  }

  static String authorization(
      LinkKey key, String nameserver, String path, long ts, String nonce, long epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("a leadership epoch is not negative: " + epoch);
    }
    String sig = B64URL.encodeToString(mac(key, nameserver, path, ts, nonce, epoch));
    return SCHEME
        + " key="
        + key.id()
        + ", ts="
        + ts
        + ", nonce="
        + nonce
        + ", epoch="
        + epoch
        + ", sig="
        + sig;
  }

  static byte[] mac(
      LinkKey key, String nameserver, String path, long ts, String nonce, long epoch) {
    String signed =
        CONTEXT + "\n" + nameserver + "\n" + path + "\n" + ts + "\n" + nonce + "\n" + epoch;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.materialUnsafe(), "HmacSHA256"));
      return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }

  /**
   * Parses a header value.
   *
   * @throws IllegalArgumentException when it is missing, of another scheme, or malformed
   */
  public static Credentials parse(String header) {
    if (header == null || header.isBlank()) {
      throw new IllegalArgumentException("no Authorization header");
    }
    String h = header.trim();
    if (!h.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
      throw new IllegalArgumentException("Authorization scheme is not " + SCHEME);
    }
    Map<String, String> params = new HashMap<>();
    for (String part : h.substring(SCHEME.length() + 1).split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("malformed Authorization parameter");
      }
      String name = part.substring(0, eq).trim();
      if (params.put(name, part.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException("Authorization parameter " + name + " given twice");
      }
    }
    if (!params.containsKey("epoch") && params.containsKey("sig")) {
      throw new IllegalArgumentException(
          "Authorization parameter epoch missing: the management server predates leadership"
              + " epochs (felu-link-v1); upgrade it");
    }
    for (String required : new String[] {"key", "ts", "nonce", "epoch", "sig"}) {
      if (!params.containsKey(required)) {
        throw new IllegalArgumentException("Authorization parameter " + required + " missing");
      }
    }
    if (params.size() != 5) {
      throw new IllegalArgumentException("unexpected Authorization parameters");
    }
    long ts;
    try {
      ts = Long.parseLong(params.get("ts"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ts is not a number of seconds");
    }
    String nonce = params.get("nonce");
    if (decodedLength(nonce) != NONCE_BYTES) {
      throw new IllegalArgumentException("nonce is not 16 bytes of base64url");
    }
    long epoch;
    try {
      epoch = Long.parseLong(params.get("epoch"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("epoch is not a whole number");
    }
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch is negative");
    }
    return new Credentials(params.get("key"), ts, nonce, epoch, params.get("sig"));
  }

  private static int decodedLength(String b64url) {
    try {
      return Base64.getUrlDecoder().decode(b64url).length;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }
}
