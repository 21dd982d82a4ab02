package dev.felu.ns.dns;

/**
 * How the nameserver shapes its answers.
 *
 * @param maxUdpPayload EDNS UDP payload ceiling (RFC 6891 §6.2.5; 1232 avoids fragmentation)
 * @param version the answer to CHAOS {@code version.bind}/{@code version.server} TXT queries, or
 *     null to refuse them (the default: do not advertise the software version)
 * @param identity the answer to CHAOS {@code id.server}/{@code hostname.bind} TXT queries (RFC
 *     4892), or null to refuse them
 */
public record ResponderSettings(int maxUdpPayload, String version, String identity) {
  public static final int DEFAULT_MAX_UDP_PAYLOAD = 1232;

  public ResponderSettings {
    if (maxUdpPayload < 512 || maxUdpPayload > 65535) {
      throw new IllegalArgumentException(
          "felu.ns.dns.max-udp-payload must be 512..65535, was " + maxUdpPayload);
    }
    version = blankToNull(version);
    identity = blankToNull(identity);
  }

  /** 1232-byte ceiling, CHAOS identification off. */
  public static ResponderSettings defaults() {
    return new ResponderSettings(DEFAULT_MAX_UDP_PAYLOAD, null, null);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
