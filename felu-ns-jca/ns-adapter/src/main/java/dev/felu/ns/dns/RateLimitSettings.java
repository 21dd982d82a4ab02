package dev.felu.ns.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Response rate limiting (RRL) over UDP, in the manner of Knot's {@code mod-rrl}, NSD's and BIND's
 * {@code rate-limit}: how many responses per second one client network may receive of one response
 * class, and what becomes of the rest. Off by default, as in those servers: a limit that suits one
 * deployment drops legitimate answers in another (a large resolver behind one /24), so the operator
 * turns it on knowingly. Every bad value is refused with the configuration key it came from.
 *
 * @param responsesPerSecond responses one bucket may send per second (also the burst it may send
 *     after being quiet); 0 turns rate limiting off
 * @param slip every {@code slip}-th limited response goes out truncated (TC set, question only) so
 *     a real client retries over TCP; the others are dropped. 0 drops all, 1 truncates all
 * @param ipv4Prefix IPv4 clients are counted per network of this prefix length
 * @param ipv6Prefix IPv6 clients are counted per network of this prefix length
 * @param tableSize buckets in the fixed table (memory: 8 bytes each, allocated only when on)
 * @param whitelist client networks never limited
 */
public record RateLimitSettings(
    int responsesPerSecond,
    int slip,
    int ipv4Prefix,
    int ipv6Prefix,
    int tableSize,
    List<ClientNetwork> whitelist) {
  public static final String PREFIX = "felu.ns.rrl.";
  public static final String RESPONSES_PER_SECOND = PREFIX + "responses-per-second";
  public static final String SLIP = PREFIX + "slip";
  public static final String IPV4_PREFIX = PREFIX + "ipv4-prefix";
  public static final String IPV6_PREFIX = PREFIX + "ipv6-prefix";
  public static final String TABLE_SIZE = PREFIX + "table-size";
  public static final String WHITELIST = PREFIX + "whitelist";

  /** Knot's default: every limited response truncated, so no real client loses an answer. */
  public static final int DEFAULT_SLIP = 1;

  public static final int DEFAULT_IPV4_PREFIX = 24;
  public static final int DEFAULT_IPV6_PREFIX = 56;

  /**
   * Knot's default table size, a prime: 3 MiB of buckets, enough that the networks one server sees
   * in a second rarely share a bucket, small next to the heap a Payara Micro instance runs with.
   */
  public static final int DEFAULT_TABLE_SIZE = 393_241;

  /** Above this, a bucket's interval would be below the microsecond the limiter counts in. */
  public static final int MAX_RESPONSES_PER_SECOND = 1_000_000;

  /** As Knot, which takes 0..100. */
  public static final int MAX_SLIP = 100;

  /** 128 MiB of buckets: far more than any client population needs, and still bounded. */
  public static final int MAX_TABLE_SIZE = 1 << 24;

  public RateLimitSettings {
    check(
        RESPONSES_PER_SECOND,
        responsesPerSecond,
        0,
        MAX_RESPONSES_PER_SECOND,
        " (0 turns rate limiting off)");
    check(SLIP, slip, 0, MAX_SLIP, " (0 drops every limited response, 1 truncates every one)");
    check(IPV4_PREFIX, ipv4Prefix, 1, 32, "");
    check(IPV6_PREFIX, ipv6Prefix, 1, 128, "");
    check(TABLE_SIZE, tableSize, 1, MAX_TABLE_SIZE, "");
    whitelist = List.copyOf(whitelist);
  }

  /** Rate limiting off; the other values are the defaults it would run with once turned on. */
  public static RateLimitSettings off() {
    return new RateLimitSettings(
        0, DEFAULT_SLIP, DEFAULT_IPV4_PREFIX, DEFAULT_IPV6_PREFIX, DEFAULT_TABLE_SIZE, List.of());
  }

  /** True when responses are limited at all. */
  public boolean enabled() {
    return responsesPerSecond > 0;
  }

  /**
   * Reads the {@code felu.ns.rrl.*} keys through {@code config} (a key to its value, empty when
   * unset), defaults for the ones not set.
   *
   * @throws IllegalArgumentException naming the key, when a value is not a number, out of range or
   *     not a list of networks
   */
  public static RateLimitSettings read(Function<String, Optional<String>> config) {
    RateLimitSettings d = off();
    List<ClientNetwork> whitelist = new ArrayList<>();
    for (String item : config.apply(WHITELIST).orElse("").split(",")) {
      if (item.isBlank()) {
        continue;
      }
      try {
        whitelist.add(ClientNetwork.parse(item));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            WHITELIST
                + " must be a comma-separated list of networks such as 192.0.2.0/24 or"
                + " 2001:db8::/32: "
                + e.getMessage(),
            e);
      }
    }
    return new RateLimitSettings(
        integer(config, RESPONSES_PER_SECOND, d.responsesPerSecond),
        integer(config, SLIP, d.slip),
        integer(config, IPV4_PREFIX, d.ipv4Prefix),
        integer(config, IPV6_PREFIX, d.ipv6Prefix),
        integer(config, TABLE_SIZE, d.tableSize),
        whitelist);
  }

  private static int integer(
      Function<String, Optional<String>> config, String key, int defaultValue) {
    Optional<String> value = config.apply(key).map(String::strip).filter(v -> !v.isEmpty());
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.get());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " must be a whole number, was '" + value.get() + "'", e);
    }
  }

  private static void check(String key, int value, int min, int max, String hint) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          key + " must be " + min + ".." + max + hint + ", was " + value);
    }
  }
}
