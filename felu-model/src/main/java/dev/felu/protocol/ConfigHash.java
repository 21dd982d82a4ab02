package dev.felu.protocol;

import java.math.BigInteger;
import java.util.HexFormat;

/**
 * Hash of a whole configuration: the sum, modulo 2^256, of the digests of all zones it holds.
 *
 * <p>A sum rather than a digest of digests so that a change costs time proportional to the change:
 * replacing one zone subtracts its old digest and adds the new one, without touching the others
 * (ARCHITECTURE.md#inv-cost-proportional).
 */
public final class ConfigHash {
  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);
  public static final ConfigHash EMPTY = new ConfigHash(BigInteger.ZERO);

  private final BigInteger value;

  private ConfigHash(BigInteger value) {
    this.value = value;
  }

  public static ConfigHash fromHex(String hex) {
    if (hex == null || hex.length() != 64) {
      throw new IllegalArgumentException("a config hash is 64 hex digits, got: " + hex);
    }
    return fromBytes(HexFormat.of().parseHex(hex));
  }

  public static ConfigHash fromBytes(byte[] bytes) {
    if (bytes.length != 32) {
      throw new IllegalArgumentException("a config hash is 32 bytes, got " + bytes.length);
    }
    return new ConfigHash(new BigInteger(1, bytes));
  }

  public ConfigHash plus(ZoneDigest zone) {
    return new ConfigHash(value.add(new BigInteger(1, zone.bytes())).mod(MODULUS));
  }

  public ConfigHash minus(ZoneDigest zone) {
    return new ConfigHash(value.subtract(new BigInteger(1, zone.bytes())).mod(MODULUS));
  }

  public byte[] toBytes() {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }

  public String hex() {
    return HexFormat.of().formatHex(toBytes());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigHash h && value.equals(h.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return hex();
  }

  /** For logs: the first 12 hex digits, like a short git hash. */
  public String shortHex() {
    return hex().substring(0, 12);
  }
}
