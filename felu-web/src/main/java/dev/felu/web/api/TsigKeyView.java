package dev.felu.web.api;

import dev.felu.model.tsig.TsigKey;
import java.time.LocalDateTime;
import java.util.Set;

/**
 * A TSIG key as listed: never its secret. {@code secret} (Base64) is filled only in the answer to
 * the request that made the key. Times are UTC.
 */
public record TsigKeyView(
    String name,
    String algorithm,
    Set<String> zones,
    LocalDateTime created,
    LocalDateTime changed,
    String secret) {
  public static TsigKeyView of(TsigKey k, String secret) {
    return new TsigKeyView(
        k.getName(), k.getAlgorithm(), k.getZones(), k.getCreated(), k.getChanged(), secret);
  }
}
