package dev.felu.web.api;

import dev.felu.transfer.NotifySecondary;
import java.util.List;

/**
 * The body and answer of {@code /zones/{zone}/notify}: the secondaries the nameservers NOTIFY (RFC
 * 1996) when the zone changes. An address is an IPv4 or IPv6 literal (never a host name); {@code
 * port} defaults to 53; {@code key}, when given, names a TSIG key of the store that may transfer
 * the zone, and the NOTIFY is signed with it.
 */
public record ZoneNotify(List<Secondary> secondaries) {
  /** One secondary: {@code key} absent or null for an unsigned NOTIFY. */
  public record Secondary(String address, Integer port, String key) {
    static Secondary of(NotifySecondary s) {
      return new Secondary(s.address(), s.port(), s.key());
    }

    NotifySecondary toSecondary() {
      return NotifySecondary.of(address, port, key);
    }
  }

  static ZoneNotify of(List<NotifySecondary> secondaries) {
    return new ZoneNotify(secondaries.stream().map(Secondary::of).toList());
  }

  /** The secondaries as given; null stays null, for the service to refuse by name. */
  List<NotifySecondary> toSecondaries() {
    if (secondaries == null) {
      return null;
    }
    return secondaries.stream()
        .map(s -> s == null ? NotifySecondary.of(null, null, null) : s.toSecondary())
        .toList();
  }
}
