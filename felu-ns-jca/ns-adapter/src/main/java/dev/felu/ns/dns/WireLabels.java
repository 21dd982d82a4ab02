package dev.felu.ns.dns;

import dev.felu.ns.api.NameserverMetrics;

/**
 * Reads the metric labels of a query straight from the wire bytes, without parsing a message: the
 * question type from the query and the response code from the answer. Allocation-free, so counting
 * costs the query path next to nothing and the responder stays unaware of metrics.
 */
final class WireLabels {
  private static final int HEADER = 12;
  private static final int OTHER_TYPE = NameserverMetrics.QTYPES.indexOf("other");
  private static final int OTHER_RCODE = NameserverMetrics.RCODES.indexOf("other");
  private static final int BADVERS = NameserverMetrics.RCODES.indexOf("BADVERS");

  /** Size of an OPT record with empty RDATA: root name, type, class, TTL, RDLENGTH. */
  private static final int EMPTY_OPT = 11;

  private WireLabels() {}

  /**
   * The {@link NameserverMetrics#QTYPES} index of the first question's type; {@code other} when
   * there is no readable question (RFC 1035 §4.1.2: labels, then QTYPE).
   */
  static int qtype(byte[] query, int length) {
    if (length < HEADER || ((query[4] & 0xFF) | (query[5] & 0xFF)) == 0) {
      return OTHER_TYPE;
    }
    int pos = HEADER;
    while (true) {
      if (pos >= length) {
        return OTHER_TYPE;
      }
      int b = query[pos] & 0xFF;
      if (b == 0) {
        pos += 1;
        break;
      }
      if ((b & 0xC0) == 0xC0) {
        pos += 2; // a compression pointer ends the name (RFC 1035 §4.1.4)
        break;
      }
      if ((b & 0xC0) != 0) {
        return OTHER_TYPE;
      }
      pos += 1 + b;
    }
    if (pos + 2 > length) {
      return OTHER_TYPE;
    }
    return qtypeIndex(((query[pos] & 0xFF) << 8) | (query[pos + 1] & 0xFF));
  }

  static int qtypeIndex(int type) {
    return switch (type) {
      case 1 -> 0; // A
      case 28 -> 1; // AAAA
      case 2 -> 2; // NS
      case 6 -> 3; // SOA
      case 5 -> 4; // CNAME
      case 15 -> 5; // MX
      case 16 -> 6; // TXT
      case 12 -> 7; // PTR
      case 33 -> 8; // SRV
      case 35 -> 9; // NAPTR
      case 257 -> 10; // CAA
      case 43 -> 11; // DS
      case 48 -> 12; // DNSKEY
      case 64 -> 13; // SVCB
      case 65 -> 14; // HTTPS
      case 255 -> 15; // ANY
      case 252 -> 16; // AXFR
      case 251 -> 17; // IXFR
      default -> OTHER_TYPE;
    };
  }

  /**
   * The {@link NameserverMetrics#RCODES} index of a response's code, including the upper bits an
   * OPT record carries (RFC 6891 §6.1.3). The responder renders its OPT last and without options,
   * so when the message ends in an empty OPT its TTL's first byte is the extended code.
   */
  static int rcode(byte[] response) {
    int rcode = response[3] & 0x0F;
    int n = response.length;
    int arcount = ((response[10] & 0xFF) << 8) | (response[11] & 0xFF);
    if (arcount > 0
        && n >= HEADER + EMPTY_OPT
        && response[n - EMPTY_OPT] == 0
        && response[n - 10] == 0
        && response[n - 9] == 41
        && response[n - 2] == 0
        && response[n - 1] == 0) {
      rcode |= (response[n - 6] & 0xFF) << 4;
    }
    return switch (rcode) {
      case 0, 1, 2, 3, 4, 5, 6 -> rcode; // NOERROR … YXDOMAIN, in list order
      case 16 -> BADVERS;
      default -> OTHER_RCODE;
    };
  }
}
