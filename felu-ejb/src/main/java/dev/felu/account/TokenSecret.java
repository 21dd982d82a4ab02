package dev.felu.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API token secrets: {@code felu_} followed by 256 random bits in unpadded Base64url (43
 * characters). The prefix makes leaked tokens easy to find by secret scanners. Only the SHA-256 of
 * the whole secret is stored: with 256 bits of entropy a slow KDF would add nothing.
 */
public final class TokenSecret {
  public static final String PREFIX = "felu_";
  private static final Pattern FORM = Pattern.compile("felu_[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenSecret() {}

  public static String generate() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** True when the text has a token's exact form (prefix, length, alphabet). */
  public static boolean wellFormed(String secret) {
    return secret != null && FORM.matcher(secret).matches();
  }

  public static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The token in an {@code Authorization} header value, if it is {@code Bearer felu_…} (scheme
   * case-insensitive, RFC 9110 §11.1).
   */
  public static Optional<String> fromAuthorization(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String h = header.trim();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return Optional.of(h.substring(7).trim());
  }
}
