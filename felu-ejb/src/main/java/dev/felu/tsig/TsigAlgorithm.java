package dev.felu.tsig;

import dev.felu.input.InvalidInputException;
import dev.felu.model.zone.Excerpt;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * The HMAC algorithms a TSIG key may use (RFC 8945 §6): HMAC-SHA256, the default, and SHA-384/512;
 * HMAC-SHA1 only for old peers. HMAC-MD5 is not offered. A generated secret is as long as the
 * hash's output, as §6 recommends.
 */
public enum TsigAlgorithm {
  HMAC_SHA256(TSIG.HMAC_SHA256, 32),
  HMAC_SHA384(TSIG.HMAC_SHA384, 48),
  HMAC_SHA512(TSIG.HMAC_SHA512, 64),
  HMAC_SHA1(TSIG.HMAC_SHA1, 20);

  public static final TsigAlgorithm DEFAULT = HMAC_SHA256;

  private final Name name;
  private final int outputBytes;

  TsigAlgorithm(Name name, int outputBytes) {
    this.name = name;
    this.outputBytes = outputBytes;
  }

  /** As peers' configurations write it: {@code hmac-sha256}. */
  public String id() {
    return name.toString(true);
  }

  /** The algorithm's DNS name, as a TSIG record carries it. */
  public Name dnsName() {
    return name;
  }

  /** The length of a generated secret, in bytes: the hash's output. */
  public int secretBytes() {
    return outputBytes;
  }

  /**
   * The algorithm named {@code text} ({@code hmac-sha256}, case and a trailing dot do not matter);
   * null or blank: the default.
   *
   * @throws InvalidInputException on the field {@code algorithm} for any other name
   */
  public static TsigAlgorithm of(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT;
    }
    String id = text.trim().toLowerCase(Locale.ROOT);
    if (id.endsWith(".")) {
      id = id.substring(0, id.length() - 1);
    }
    for (TsigAlgorithm a : values()) {
      if (a.id().equals(id)) {
        return a;
      }
    }
    throw new InvalidInputException(
        "algorithm",
        "unknown TSIG algorithm "
            + Excerpt.of(text)
            + "; use one of "
            + Arrays.stream(values()).map(TsigAlgorithm::id).collect(Collectors.joining(", ")));
  }
}
