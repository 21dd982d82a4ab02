package dev.felu.ns.dns;

import dev.felu.ns.dns.WireLookup.Part;
import dev.felu.ns.zone.ZoneData;
import org.xbill.DNS.Type;

/**
 * Renders a {@link WireLookup}'s answer straight from the zone table's wire bytes, exactly as
 * dnsjava's {@code Message.toWire(int)} renders the same records (the bytes are held equal by
 * {@code WirePathEquivalenceTest}):
 *
 * <ul>
 *   <li>name compression (RFC 1035 §4.1.4) of owner names and of the names in NS, CNAME, PTR, MX
 *       and SOA rdata (the types dnsjava compresses), pointing at the earliest occurrence of each
 *       suffix, never past offset 0x3FFF;
 *   <li>truncation to the size limit without splitting an RRset (RFC 2181 §9): an RRset that does
 *       not fit is left out with all after it; in the answer or authority section that sets TC and
 *       empties the later sections, in the additional section it does not;
 *   <li>the OPT record last, room kept for it (RFC 6891 §7), echoing DO (RFC 3225 §3);
 *   <li>TC when glue a referral needs did not fit, as {@link Responder} does.
 * </ul>
 *
 * Holds one buffer large enough for any message; mutable and reused by one thread.
 */
final class AnswerWriter {
  private static final int HEADER = 12;
  private static final int MAX_POINTER = 0x3FFF;
  private static final int OPT_LENGTH = 11;

  /** A message at most 65535 bytes, plus one record that may overshoot before it is taken back. */
  private final byte[] out = new byte[2 * 65536 + 1024];

  private int pos;

  /** Compression entries: where a name (suffix) was written, and its case-free hash. */
  private int[] entryAt = new int[64];

  private int[] entryHash = new int[64];
  private int entries;

  private final int[] labelStarts = new int[128];
  private final int[] suffixHash = new int[128];

  /** The last part a record was rendered from in the current section (truncation by RRset). */
  private Part last;

  /**
   * The response to a parsed query, given the lookup's sections.
   *
   * @param query the query's bytes (its question is copied, in its case)
   * @param limit the size the response must fit (UDP payload or 65535)
   * @param ednsPayload the payload size our OPT announces
   */
  byte[] write(byte[] query, WireQuery q, WireLookup l, int limit, int ednsPayload) {
    pos = HEADER;
    entries = 0;
    writeName(query, WireQuery.QNAME, q.qnameLength);
    System.arraycopy(query, WireQuery.QNAME + q.qnameLength, out, pos, 4); // QTYPE, QCLASS
    pos += 4;
    int room = limit - (q.edns ? OPT_LENGTH : 0);
    int an = l.answer.records;
    int ns = l.authority.records;
    int ar = l.additional.records;
    boolean tc = false;
    int rendered = section(l.answer, room);
    if (rendered >= 0) {
      an = rendered;
      ns = 0;
      ar = 0;
      tc = true;
    } else {
      rendered = section(l.authority, room);
      if (rendered >= 0) {
        ns = rendered;
        ar = 0;
        tc = true;
      } else {
        rendered = section(l.additional, room);
        if (rendered >= 0) {
          ar = rendered;
        }
      }
    }
    if (l.glue > 0 && ar < l.glue) {
      tc = true; // glue a referral needs did not fit: TC so the resolver retries over TCP
    }
    if (q.edns) {
      out[pos++] = 0; // root
      put16(Type.OPT);
      put16(ednsPayload);
      out[pos++] = 0; // extended RCODE
      out[pos++] = 0; // version
      put16(q.dnssecOk ? 0x8000 : 0);
      put16(0); // no options
      ar++;
    }
    out[0] = query[0];
    out[1] = query[1];
    out[2] = (byte) (0x80 | (l.authoritative ? 0x04 : 0) | (tc ? 0x02 : 0) | (query[2] & 0x01));
    out[3] = (byte) (l.rcode & 0x0F);
    set16(4, 1);
    set16(6, an);
    set16(8, ns);
    set16(10, ar);
    return java.util.Arrays.copyOf(out, pos);
  }

  /**
   * Renders one section as dnsjava's {@code Message.sectionToWire} does; returns -1 when all of it
   * fit, else the number of records kept (whole RRsets), with the position moved back after them.
   */
  private int section(WireLookup.Section s, int room) {
    int setStart = pos;
    int rendered = 0;
    int count = 0;
    last = null;
    for (int i = 0; i < s.size; i++) {
      Part p = s.get(i);
      int n = p.records();
      if (n == 0) {
        continue; // an RRset of RRSIGs only renders nothing, as RRset.rrs(false) holds nothing
      }
      if (last != null && !sameRRset(p, last)) {
        setStart = pos;
        rendered = count;
      }
      last = p;
      for (int r = 0; r < n; r++) {
        record(p, r);
        if (pos > room) {
          pos = setStart;
          return rendered;
        }
        count++;
      }
    }
    return -1;
  }

  /** dnsjava's {@code Record.sameRRset}: same type and class, owners equal but for case. */
  private static boolean sameRRset(Part a, Part b) {
    return a.type == b.type
        && a.ownerLength == b.ownerLength
        && WireLookup.sameName(
            a.ownerBytes, a.ownerOffset, b.ownerBytes, b.ownerOffset, a.ownerLength);
  }

  private void record(Part p, int index) {
    writeName(p.ownerBytes, p.ownerOffset, p.ownerLength);
    put16(p.type);
    put16(1); // IN
    ZoneData zone = p.zone;
    if (p.kind == Part.SYNTHESISED_CNAME) {
      put32(p.ttl);
      int lengthAt = pos;
      pos += 2;
      writeName(p.target, 0, p.target.length);
      set16(lengthAt, pos - lengthAt - 2);
      return;
    }
    int r = zone.firstRecord(p.set) + index;
    byte[] data = zone.rdataBytes();
    int from = zone.rdataStart(r);
    int to = zone.rdataEnd(r);
    if (p.kind == Part.NEGATIVE_SOA) {
      // RFC 2308 §3: TTL = min(SOA TTL, SOA MINIMUM)
      long minimum = ((long) u16(data, to - 4) << 16) | u16(data, to - 2);
      put32(Math.min(zone.ttl(p.set), minimum));
    } else {
      put32(zone.ttl(p.set));
    }
    int lengthAt = pos;
    pos += 2;
    switch (p.type) {
      case Type.NS, Type.CNAME, Type.PTR -> writeName(data, from, to - from);
      case Type.MX -> {
        copy(data, from, 2);
        writeName(data, from + 2, to - from - 2);
      }
      case Type.SOA -> {
        int mname = WireLookup.nameLength(data, from);
        writeName(data, from, mname);
        int rname = WireLookup.nameLength(data, from + mname);
        writeName(data, from + mname, rname);
        copy(data, from + mname + rname, 20);
      }
      default -> copy(data, from, to - from);
    }
    set16(lengthAt, pos - lengthAt - 2);
  }

  /**
   * Writes an uncompressed name compressed as dnsjava's {@code Name.toWire(DNSOutput, Compression)}
   * does: the longest suffix already written becomes a pointer; every suffix written out in full is
   * remembered, if a pointer can reach it.
   */
  private void writeName(byte[] name, int offset, int length) {
    int labels = 0;
    int p = offset;
    while (name[p] != 0) {
      labelStarts[labels++] = p;
      p += (name[p] & 0xFF) + 1;
    }
    int h = 0x2545F491; // the root
    for (int i = labels - 1; i >= 0; i--) {
      int start = labelStarts[i];
      for (int j = start, end = start + (name[start] & 0xFF) + 1; j < end; j++) {
        h = (h ^ (WireLookup.lower(name[j]) & 0xFF)) * 0x01000193;
      }
      suffixHash[i] = h;
    }
    for (int i = 0; i < labels; i++) {
      int start = labelStarts[i];
      int at = find(suffixHash[i], name, start);
      if (at >= 0) {
        put16(0xC000 | at);
        return;
      }
      if (pos <= MAX_POINTER) {
        remember(pos, suffixHash[i]);
      }
      int size = (name[start] & 0xFF) + 1;
      System.arraycopy(name, start, out, pos, size);
      pos += size;
    }
    out[pos++] = 0;
  }

  private void remember(int at, int hash) {
    if (entries == entryAt.length) {
      entryAt = java.util.Arrays.copyOf(entryAt, entries * 2);
      entryHash = java.util.Arrays.copyOf(entryHash, entries * 2);
    }
    entryAt[entries] = at;
    entryHash[entries] = hash;
    entries++;
  }

  /** Where the earliest written name equal to {@code name[start..]} begins, or -1. */
  private int find(int hash, byte[] name, int start) {
    for (int e = 0; e < entries; e++) {
      if (entryHash[e] == hash && writtenEquals(entryAt[e], name, start)) {
        return entryAt[e];
      }
    }
    return -1;
  }

  /** True when the name written at {@code at} (following pointers) equals the given one. */
  private boolean writtenEquals(int at, byte[] name, int start) {
    int a = at;
    int b = start;
    while (true) {
      int len = out[a] & 0xFF;
      if ((len & 0xC0) == 0xC0) {
        a = ((len & 0x3F) << 8) | (out[a + 1] & 0xFF);
        continue;
      }
      if (len != (name[b] & 0xFF)) {
        return false;
      }
      if (len == 0) {
        return true;
      }
      for (int i = 1; i <= len; i++) {
        if (WireLookup.lower(out[a + i]) != WireLookup.lower(name[b + i])) {
          return false;
        }
      }
      a += len + 1;
      b += len + 1;
    }
  }

  private void copy(byte[] from, int offset, int length) {
    System.arraycopy(from, offset, out, pos, length);
    pos += length;
  }

  private void put16(int v) {
    out[pos++] = (byte) (v >>> 8);
    out[pos++] = (byte) v;
  }

  private void put32(long v) {
    put16((int) (v >>> 16) & 0xFFFF);
    put16((int) v & 0xFFFF);
  }

  private void set16(int at, int v) {
    out[at] = (byte) (v >>> 8);
    out[at + 1] = (byte) v;
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }
}
