package dev.felu.ns.dns;

import dev.felu.ns.api.NameserverMetrics;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Response rate limiting (RRL) for UDP answers: keeps a felu nameserver from being a useful
 * amplifier for spoofed queries, in the manner of Knot's {@code mod-rrl}, NSD's and BIND's {@code
 * rate-limit}. TCP is never limited: a spoofed source cannot complete a handshake, and it is the
 * way out for a real client whose answers were truncated here.
 *
 * <p>A response is counted in one bucket of a fixed table, chosen by a keyed hash of the client's
 * network (its address cut to the configured IPv4 or IPv6 prefix) and the response's class
 * (positive, NODATA, referral, NXDOMAIN, error). Unlike BIND and Knot the query name is not part of
 * the key: a spoofed flood repeats one name anyway, and leaving it out keeps the key free of name
 * parsing; the price is that a client network is limited per class, not per name. Buckets are not
 * owned: two keys that hash alike share one, as in Knot; the random hash key keeps an attacker from
 * aiming at a victim's bucket. Memory is the table, 8 bytes a bucket, whatever the clients do.
 *
 * <p>Each bucket is one {@code long} updated by compare-and-set, so the hot path takes no lock and
 * allocates nothing beyond the client address bytes. It holds a rate limit in the form of GCRA (the
 * generic cell rate algorithm, a token bucket expressed as one timestamp): the theoretical arrival
 * time {@code tat} of the next response in microseconds since the limiter started, in the upper 52
 * bits (142 years), and the bucket's slip counter in the lower 12. A response at time {@code t}
 * passes when {@code max(tat, t) - t} is within the tolerance of {@code rate - 1} intervals, and
 * moves {@code tat} one interval on: a quiet bucket may send a burst of {@code rate}, then {@code
 * rate} per second. A limited response does not move {@code tat}; it counts the slip counter round,
 * and every {@code slip}-th one goes out truncated.
 */
final class ResponseRateLimiter {
  /** What becomes of one UDP response. */
  enum Verdict {
    /** within the rate, or not limited at all: sent as it is */
    SEND,
    /** over the rate, slipped: sent truncated, question only, so the client retries over TCP */
    SLIP,
    /** over the rate: not sent */
    DROP
  }

  /** Response classes: kinds of answer an attacker could pick, limited apart (as BIND's). */
  static final int POSITIVE = 0;

  static final int NODATA = 1;
  static final int REFERRAL = 2;
  static final int NXDOMAIN = 3;
  static final int ERROR = 4;

  private static final int SLIP_BITS = 12;
  private static final long SLIP_MASK = (1L << SLIP_BITS) - 1;
  private static final int HEADER = 12;
  private static final int NOERROR_INDEX = NameserverMetrics.RCODES.indexOf("NOERROR");
  private static final int NXDOMAIN_INDEX = NameserverMetrics.RCODES.indexOf("NXDOMAIN");

  private final ClientNetwork[] whitelist;
  private final LongSupplier nanoClock;
  private final long origin;
  private final long seed;
  private final long intervalMicros;
  private final long toleranceMicros;
  private final int slip;
  private final int ipv4Mask;
  private final long[] ipv6Mask;

  /** Null when off: no memory is spent on a limiter that never limits. */
  private final AtomicLongArray table;

  /** A limiter on the monotonic clock, hashing with a random key. */
  ResponseRateLimiter(RateLimitSettings settings) {
    this(settings, System::nanoTime, new SecureRandom().nextLong());
  }

  /**
   * @param nanoClock a monotonic clock in nanoseconds (tests pass their own)
   * @param seed the hash key; a fixed one makes bucket collisions predictable, which tests need and
   *     production must not have
   */
  ResponseRateLimiter(RateLimitSettings settings, LongSupplier nanoClock, long seed) {
    this.whitelist = settings.whitelist().toArray(ClientNetwork[]::new);
    this.nanoClock = nanoClock;
    this.origin = nanoClock.getAsLong();
    this.seed = seed;
    int rate = Math.max(1, settings.responsesPerSecond());
    this.intervalMicros = 1_000_000L / rate;
    this.toleranceMicros = (rate - 1) * intervalMicros;
    this.slip = settings.slip();
    this.ipv4Mask = (int) (0xFFFF_FFFFL << (32 - settings.ipv4Prefix()));
    int v6 = settings.ipv6Prefix();
    this.ipv6Mask =
        new long[] {v6 >= 64 ? -1L : -1L << (64 - v6), v6 <= 64 ? 0 : -1L << (128 - v6)};
    this.table = settings.enabled() ? new AtomicLongArray(settings.tableSize()) : null;
  }

  /** Buckets in the table: fixed when the limiter is made, 0 when it is off. */
  int buckets() {
    return table == null ? 0 : table.length();
  }

  /**
   * Decides the fate of one UDP response to {@code client}, counting it when it passes.
   *
   * @param response the response in wire format, as the responder made it
   */
  Verdict check(InetAddress client, byte[] response) {
    if (table == null) {
      return Verdict.SEND;
    }
    byte[] address = client.getAddress();
    for (ClientNetwork network : whitelist) {
      if (network.contains(address)) {
        return Verdict.SEND;
      }
    }
    return take(bucket(address, responseClass(response)));
  }

  /** The GCRA step on one bucket; see the class comment. */
  private Verdict take(int bucket) {
    long now = (nanoClock.getAsLong() - origin) / 1_000;
    while (true) {
      long state = table.get(bucket);
      long tat = state >>> SLIP_BITS;
      long count = state & SLIP_MASK;
      long start = Math.max(tat, now);
      if (start - now <= toleranceMicros) {
        long next = ((start + intervalMicros) << SLIP_BITS) | count;
        if (table.compareAndSet(bucket, state, next)) {
          return Verdict.SEND;
        }
      } else if (slip == 0) {
        return Verdict.DROP;
      } else if (slip == 1) {
        return Verdict.SLIP;
      } else {
        long next = (tat << SLIP_BITS) | (count + 1 == slip ? 0 : count + 1);
        if (table.compareAndSet(bucket, state, next)) {
          return count == 0 ? Verdict.SLIP : Verdict.DROP;
        }
      }
      // another worker changed the bucket between our read and write: decide again
    }
  }

  /** The table index of a client network and response class: a keyed 64-bit mix of both. */
  int bucket(byte[] address, int responseClass) {
    long family;
    long high;
    long low;
    if (address.length == 4) {
      family = 4;
      high = 0;
      low = (readInt(address, 0) & ipv4Mask) & 0xFFFF_FFFFL;
    } else {
      family = 6;
      high = readLong(address, 0) & ipv6Mask[0];
      low = readLong(address, 8) & ipv6Mask[1];
    }
    long h = mix(seed ^ (family << 8 | responseClass));
    h = mix(h ^ high);
    h = mix(h ^ low);
    return (int) Long.remainderUnsigned(h, table.length());
  }

  /**
   * The class of a response, read from its header: positive (NOERROR with answers), NODATA
   * (NOERROR, authoritative, no answer), referral (NOERROR, not authoritative, authority records),
   * NXDOMAIN, and error for everything else (REFUSED, FORMERR, BADVERS, ...).
   */
  static int responseClass(byte[] response) {
    int rcode = WireLabels.rcode(response);
    if (rcode == NXDOMAIN_INDEX) {
      return NXDOMAIN;
    }
    if (rcode != NOERROR_INDEX) {
      return ERROR;
    }
    if (readShort(response, 6) > 0) {
      return POSITIVE;
    }
    boolean authoritative = (response[2] & 0x04) != 0;
    if (authoritative) {
      return NODATA;
    }
    return readShort(response, 8) > 0 ? REFERRAL : ERROR;
  }

  /**
   * The slipped form of a response: its header with TC set and only the question, so a real client
   * asks again over TCP (RFC 7766 §5, as Knot and BIND slip). When the question cannot be found,
   * the header alone.
   */
  static byte[] truncated(byte[] response) {
    int end = HEADER;
    if (readShort(response, 4) > 0) {
      end = questionEnd(response);
    }
    byte[] out = new byte[end];
    System.arraycopy(response, 0, out, 0, end);
    out[2] |= 0x02; // TC
    if (end == HEADER) {
      out[4] = 0;
      out[5] = 0;
    } else {
      out[4] = 0;
      out[5] = 1;
    }
    for (int i = 6; i < HEADER; i++) {
      out[i] = 0; // no answer, authority or additional records (the OPT goes too)
    }
    return out;
  }

  /** The offset after the first question (RFC 1035 §4.1.2), or the header's end when cut short. */
  private static int questionEnd(byte[] response) {
    int pos = HEADER;
    while (pos < response.length) {
      int b = response[pos] & 0xFF;
      if (b == 0) {
        pos += 1;
        break;
      }
      if ((b & 0xC0) == 0xC0) {
        pos += 2;
        break;
      }
      if ((b & 0xC0) != 0) {
        return HEADER;
      }
      pos += 1 + b;
    }
    pos += 4; // QTYPE, QCLASS
    return pos <= response.length ? pos : HEADER;
  }

  /** The 64-bit finaliser of MurmurHash3: every input bit affects every output bit. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private static int readShort(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  private static int readInt(byte[] b, int at) {
    return (readShort(b, at) << 16) | readShort(b, at + 2);
  }

  private static long readLong(byte[] b, int at) {
    return ((long) readInt(b, at) << 32) | (readInt(b, at + 4) & 0xFFFF_FFFFL);
  }
}
