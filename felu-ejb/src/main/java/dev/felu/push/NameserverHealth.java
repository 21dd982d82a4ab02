package dev.felu.push;

import java.time.OffsetDateTime;

/**
 * One nameserver's health as the 5-second checks see it.
 *
 * @param state UP after two good checks in a row, DOWN after two failed ones (flap suppression),
 *     UNKNOWN before that
 * @param lastCheck when the last check ended, null before the first
 * @param lastResult what the last check found: "ok" or the problem
 * @param dnsProbe the last DNS-level check (SOA serials asked over UDP at the nameserver's DNS
 *     address), null until one ran
 */
public record NameserverHealth(
    String state, OffsetDateTime lastCheck, String lastResult, String dnsProbe) {
  public static final NameserverHealth UNKNOWN = new NameserverHealth("UNKNOWN", null, null, null);

  /**
   * This health as a caller limited to some zones sees it: the state and times, but no text that
   * may name zones or quote their data (a probe's per-zone lines, a check's error).
   */
  public NameserverHealth withoutZoneDetail() {
    return new NameserverHealth(
        state,
        lastCheck,
        lastResult == null || lastResult.equals("ok") ? lastResult : LinkStatus.DETAIL_WITHHELD,
        dnsProbe == null ? null : dnsProbe.replaceFirst(":.*", ""));
  }
}
