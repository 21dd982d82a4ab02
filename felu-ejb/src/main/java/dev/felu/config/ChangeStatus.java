package dev.felu.config;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Where one change stands: which nameservers serve it, since when.
 *
 * @param revision the revision the change made
 * @param state INSYNC when every enabled nameserver holds this revision or a newer one, PENDING
 *     while some do not, NO_NAMESERVERS when none is enabled
 * @param nameservers every enabled nameserver, with the time it first held this revision (or a
 *     newer one), null while it does not
 */
public record ChangeStatus(
    long revision,
    OffsetDateTime createdAt,
    String summary,
    List<String> zones,
    String state,
    List<Served> nameservers) {

  /** One nameserver's part: when it started serving the change, null while it has not. */
  public record Served(String name, OffsetDateTime servedAt) {}
}
