package dev.felu.ns.dns;

/**
 * The query path's parse of a plain query, straight from its bytes: header, one question and at
 * most an EDNS OPT record (RFC 1035 §4.1, RFC 6891 §6.1.2). {@link #parse} accepts only what a
 * resolver normally sends — opcode QUERY, one IN-class question with an uncompressed name, no
 * answer or authority records, nothing after the last record, an OPT of version 0 owned by the root
 * whose only options are well-formed cookies (RFC 7873) — and says no to everything else, which
 * {@link Responder} then parses with dnsjava as before, so that FORMERR, NOTIMP, BADVERS, REFUSED
 * and CHAOS answers keep coming from one place. Mutable and reused by one thread.
 */
final class WireQuery {
  private static final int HEADER = 12;
  private static final int MAX_NAME = 255;
  private static final int TYPE_OPT = 41;
  private static final int OPTION_COOKIE = 10;

  /** Where the question name starts: right after the header. */
  static final int QNAME = HEADER;

  /** Bytes of the question name, root label included. */
  int qnameLength;

  int qtype;

  /** Where the question ends (after QTYPE and QCLASS). */
  int questionEnd;

  boolean edns;

  /** The requestor's EDNS UDP payload size (RFC 6891 §6.2.3), when {@link #edns}. */
  int payload;

  /** The DO bit of the requestor's OPT (RFC 3225 §3). */
  boolean dnssecOk;

  /**
   * Reads a query the listener received; false when it is not one this parse takes on (see the
   * class comment). The caller has checked the length and the QR bit.
   */
  boolean parse(byte[] q, int length) {
    if ((q[2] & 0x78) != 0 // opcode other than QUERY
        || u16(q, 4) != 1
        || u16(q, 6) != 0
        || u16(q, 8) != 0
        || u16(q, 10) > 1) {
      return false;
    }
    int pos = QNAME;
    while (true) {
      if (pos >= length) {
        return false;
      }
      int b = q[pos] & 0xFF;
      if (b == 0) {
        pos++;
        break;
      }
      if (b > 63) {
        return false; // a compression pointer or an extended label type: dnsjava's business
      }
      pos += 1 + b;
    }
    qnameLength = pos - QNAME;
    if (qnameLength > MAX_NAME || pos + 4 > length) {
      return false;
    }
    qtype = u16(q, pos);
    if (u16(q, pos + 2) != 1 || !ordinaryType(qtype)) {
      return false; // not IN, or AXFR, IXFR, OPT, TSIG, TKEY, MAILA, MAILB as a question
    }
    pos += 4;
    questionEnd = pos;
    edns = false;
    dnssecOk = false;
    if (u16(q, 10) == 0) {
      return pos == length;
    }
    // the one additional record must be an OPT of version 0 owned by the root
    if (pos + 11 > length || q[pos] != 0 || u16(q, pos + 1) != TYPE_OPT || q[pos + 6] != 0) {
      return false;
    }
    payload = u16(q, pos + 3);
    dnssecOk = (q[pos + 7] & 0x80) != 0;
    int rdlength = u16(q, pos + 9);
    int options = pos + 11;
    int end = options + rdlength;
    if (end != length) {
      return false;
    }
    while (options < end) {
      if (options + 4 > end) {
        return false;
      }
      int code = u16(q, options);
      int size = u16(q, options + 2);
      if (code != OPTION_COOKIE || !(size == 8 || (size >= 16 && size <= 40))) {
        return false; // dnsjava checks other options' content: let it
      }
      options += 4 + size;
    }
    if (options != end) {
      return false;
    }
    edns = true;
    return true;
  }

  private static boolean ordinaryType(int type) {
    return type != 0 && type != TYPE_OPT && (type < 249 || type == 255);
  }

  static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }
}
