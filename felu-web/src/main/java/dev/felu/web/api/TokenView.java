package dev.felu.web.api;

import dev.felu.model.account.ApiToken;
import java.time.LocalDateTime;
import java.util.Set;

/**
 * A token as listed: never its secret (which is not stored). {@code secret} is filled only in the
 * answer to the request that made the token. Times are UTC.
 */
public record TokenView(
    long id,
    String name,
    String role,
    String owner,
    Set<String> zones,
    LocalDateTime created,
    LocalDateTime lastUsed,
    LocalDateTime revoked,
    String secret) {
  public static TokenView of(ApiToken t, String secret) {
    return new TokenView(
        t.getId(),
        t.getName(),
        t.getRole().id(),
        t.getOwner(),
        t.getZones(),
        t.getCreated(),
        t.getLastUsed(),
        t.getRevoked(),
        secret);
  }
}
