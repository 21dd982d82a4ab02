package dev.felu.link;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * One HMAC key of a management→nameserver link: an identifier that travels in the clear and 256
 * bits (at least) of secret material that never does. Written as {@code keyId:base64key} in a
 * nameserver's configuration. {@link #toString()} never shows the material.
 */
public final class LinkKey {
  /** Key ids travel in headers and tokens: letters, digits, '-' and '_' only, no '.'. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public static final int MIN_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final byte[] material;

  public LinkKey(String id, byte[] material) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a link key id is 1-64 letters, digits, '-' or '_', got '" + id + "'");
    }
    if (material == null || material.length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "link key " + id + " must have at least " + MIN_BYTES + " bytes (256 bits)");
    }
    this.id = id;
    this.material = material.clone();
  }

  /** A fresh random 256-bit key with a random 8-character id. */
  public static LinkKey generate() {
    byte[] idBytes = new byte[6];
    RANDOM.nextBytes(idBytes);
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return new LinkKey(Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes), key);
  }

  /** Parses {@code keyId:base64key}; the key may be standard or URL-safe Base64. */
  public static LinkKey parse(String entry) {
    String e = entry == null ? "" : entry.trim();
    int colon = e.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("a link key is written keyId:base64key");
    }
    String id = e.substring(0, colon);
    return new LinkKey(id, decode(id, e.substring(colon + 1).trim()));
  }

  static byte[] decode(String id, String base64) {
    try {
      return base64.indexOf('-') >= 0 || base64.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(base64)
          : Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("link key " + id + " is not valid Base64");
    }
  }

  public String id() {
    return id;
  }

  /** A copy of the secret material. */
  public byte[] material() {
    return material.clone();
  }

  byte[] materialUnsafe() {
    return material;
  }

  /** {@code keyId:base64key}, the form a nameserver's configuration takes. */
  public String toEntry() {
    return id + ":" + Base64.getEncoder().encodeToString(material);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinkKey k && k.id.equals(id) && MessageDigest.isEqual(k.material, material);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + Arrays.hashCode(material);
  }

  @Override
  public String toString() {
    return "LinkKey[" + id + "]";
  }
}
