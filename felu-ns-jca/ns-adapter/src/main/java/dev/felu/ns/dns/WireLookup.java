package dev.felu.ns.dns;

import dev.felu.ns.zone.ZoneData;
import dev.felu.ns.zone.ZoneTable;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * {@link Lookup}'s algorithm (RFC 1034 §4.3.2 with DNAME, wildcards, negative answers and
 * additional-section processing) over wire-format names, for the query path: names are byte ranges
 * — of the query, of the zone table's rdata, or of a DNAME substitution — and the answer is a list
 * of references to the table's RRsets ({@link Part}), which {@link AnswerWriter} renders from the
 * table's bytes. No dnsjava {@link org.xbill.DNS.Name} or {@link org.xbill.DNS.Record} is made.
 *
 * <p>Each step mirrors {@link Lookup} line for line, and {@code WirePathEquivalenceTest} holds the
 * two to the same bytes on random zones. Where {@link Lookup} would fail — an RRset that holds only
 * RRSIGs where it reads the first record of a CNAME or DNAME — {@link #resolve} says {@link
 * #FALLBACK}, and the query goes the dnsjava way, failure included. Mutable and reused by one
 * thread.
 */
final class WireLookup {
  /** {@link #resolve}'s answer: the sections are complete. */
  static final int DONE = 0;

  /** {@link #resolve}'s answer: answer this query with {@link Lookup} instead. */
  static final int FALLBACK = 1;

  private static final int CONTINUE = 2;
  private static final int MAX_NAME = 255;
  private static final int MAX_LABELS = 128;

  /** A part of a section: one RRset, the CNAME a DNAME synthesises, or the negative SOA. */
  static final class Part {
    static final int RRSET = 0;
    static final int SYNTHESISED_CNAME = 1;
    static final int NEGATIVE_SOA = 2;

    int kind;
    ZoneData zone;

    /** The RRset in {@link #zone} (for {@link #NEGATIVE_SOA}: the apex SOA's). */
    int set;

    int type;

    /** The owner: {@code ownerBytes[ownerOffset, + ownerLength)}, uncompressed. */
    byte[] ownerBytes;

    int ownerOffset;
    int ownerLength;

    /** For {@link #SYNTHESISED_CNAME}: its TTL and its target, uncompressed. */
    long ttl;

    byte[] target;

    /** Records this part renders: {@code RRset.rrs(false)}, 1 for the synthetic ones. */
    int records() {
      return kind == RRSET ? zone.endOfRecords(set) - zone.firstRecord(set) : 1;
    }
  }

  /** One section's parts, reused from query to query. */
  static final class Section {
    private Part[] parts = new Part[4];
    int size;
    int records;

    Part get(int i) {
      return parts[i];
    }

    private Part add() {
      if (size == parts.length) {
        parts = java.util.Arrays.copyOf(parts, size * 2);
      }
      Part p = parts[size];
      if (p == null) {
        p = parts[size] = new Part();
      }
      size++;
      return p;
    }

    Part addSet(ZoneData zone, int set, int type, byte[] owner, int offset, int length) {
      Part p = add();
      p.kind = Part.RRSET;
      p.zone = zone;
      p.set = set;
      p.type = type;
      p.ownerBytes = owner;
      p.ownerOffset = offset;
      p.ownerLength = length;
      p.target = null;
      records += p.records();
      return p;
    }

    private void clear() {
      for (int i = 0; i < size; i++) {
        parts[i].zone = null;
        parts[i].ownerBytes = null;
        parts[i].target = null;
      }
      size = 0;
      records = 0;
    }
  }

  final Section answer = new Section();
  final Section authority = new Section();
  final Section additional = new Section();

  int rcode;
  boolean authoritative;

  /** How many additional records are glue a referral cannot do without. */
  int glue;

  private int qtype;

  /** The question, for the negative SOA's owner (the zone's origin is always a suffix of it). */
  private byte[] question;

  private int questionOffset;
  private int questionLength;

  /** Names the CNAME/DNAME chain went through, and additional-section owners already added. */
  private final NameList visited = new NameList();

  private final NameList additionalOwners = new NameList();
  private final int[] labelStarts = new int[MAX_LABELS];
  private final byte[] wildcard = new byte[MAX_NAME + 2];

  /** The name {@link #step} continues with: {@code nextBytes[nextOffset, + nextLength)}. */
  private byte[] nextBytes;

  private int nextOffset;
  private int nextLength;

  /**
   * Resolves an IN-class question for {@code qname = q[offset, offset + length)}; {@link #DONE}
   * with the sections filled, or {@link #FALLBACK}.
   */
  int resolve(ZoneTable table, byte[] q, int offset, int length, int qtype) {
    clear();
    this.qtype = qtype;
    this.question = q;
    this.questionOffset = offset;
    this.questionLength = length;
    ZoneData zone = zoneFor(table, q, offset, length, qtype);
    if (zone == null) {
      rcode = Rcode.REFUSED;
      return DONE;
    }
    authoritative = true;
    byte[] name = q;
    int nameOffset = offset;
    int nameLength = length;
    for (int hop = 1; ; hop++) {
      int result = step(zone, name, nameOffset, nameLength, hop == 1);
      // follow CNAMEs only inside this zone, as Knot and BIND do; stop at loops
      if (result != CONTINUE) {
        return result;
      }
      if (hop >= Lookup.MAX_CHAIN || !zone.contains(nextBytes, nextOffset, nextLength)) {
        return DONE;
      }
      visited.add(name, nameOffset, nameLength);
      if (visited.contains(nextBytes, nextOffset, nextLength)) {
        return DONE;
      }
      name = nextBytes;
      nameOffset = nextOffset;
      nameLength = nextLength;
    }
  }

  /** Forgets the last answer: its zones and names, so that nothing of an old table stays held. */
  void release() {
    clear();
    question = null;
  }

  private void clear() {
    answer.clear();
    authority.clear();
    additional.clear();
    visited.clear();
    additionalOwners.clear();
    rcode = Rcode.NOERROR;
    authoritative = false;
    glue = 0;
    nextBytes = null;
  }

  /**
   * {@link Lookup}'s zoneFor: DS at a served apex goes to the served parent (RFC 4035 §3.1.4.1).
   */
  private static ZoneData zoneFor(ZoneTable table, byte[] q, int offset, int length, int qtype) {
    ZoneData zone = table.findZone(q, offset, length);
    if (zone != null && qtype == Type.DS && zone.origin().length() == length && length > 1) {
      int first = (q[offset] & 0xFF) + 1;
      ZoneData parent = table.findZone(q, offset + first, length - first);
      if (parent != null) {
        return parent;
      }
    }
    return zone;
  }

  /** {@link Lookup}'s step; {@link #CONTINUE} with the next name set, or DONE, or FALLBACK. */
  private int step(ZoneData zone, byte[] name, int offset, int length, boolean first) {
    int apexLabels = zone.origin().labels();
    int nameLabels = labels(name, offset, length);
    int end = offset + length;
    int encloser = end - zone.origin().length();
    int encloserLabels = apexLabels;
    int encloserNode = ZoneData.NONE;
    for (int labels = apexLabels; labels <= nameLabels; labels++) {
      int n = labelStarts[nameLabels - labels];
      int node = zone.nodeOf(name, n, end - n);
      if (node == ZoneData.NONE) {
        break;
      }
      encloser = n;
      encloserLabels = labels;
      encloserNode = node;
      if (labels > apexLabels
          && zone.has(node, Type.NS)
          && !(labels == nameLabels && qtype == Type.DS)) {
        referral(zone, name, n, end - n, zone.rrsetIndex(node, Type.NS), first);
        return DONE;
      }
      if (labels < nameLabels) {
        int dname = zone.rrsetIndex(node, Type.DNAME);
        if (dname >= 0) {
          return substitute(zone, dname, name, offset, length, n);
        }
      }
    }
    if (encloserNode == ZoneData.NONE) {
      return FALLBACK; // not even the apex: Lookup would fail on it
    }
    if (encloserLabels == nameLabels) {
      if (zone.isEmptyNonTerminal(encloserNode)) {
        negative(zone);
        return DONE;
      }
      return fromNode(zone, encloserNode, name, offset, length);
    }
    wildcard[0] = 1;
    wildcard[1] = '*';
    System.arraycopy(name, encloser, wildcard, 2, end - encloser);
    int star = zone.nodeOf(wildcard, 0, end - encloser + 2);
    if (star != ZoneData.NONE && !zone.isEmptyNonTerminal(star)) {
      return fromNode(zone, star, name, offset, length);
    }
    rcode = Rcode.NXDOMAIN;
    negative(zone);
    return DONE;
  }

  private int fromNode(ZoneData zone, int node, byte[] owner, int offset, int length) {
    if (qtype == Type.ANY) {
      int lowest = zone.lowestType(node);
      answer.addSet(zone, zone.rrsetIndex(node, lowest), lowest, owner, offset, length);
      return DONE;
    }
    int exact = zone.rrsetIndex(node, qtype);
    if (exact >= 0) {
      answer.addSet(zone, exact, qtype, owner, offset, length);
      addTargetAddresses(zone, exact, qtype);
      return DONE;
    }
    int cname = zone.rrsetIndex(node, Type.CNAME);
    if (cname >= 0) {
      int first = zone.firstRecord(cname);
      if (first == zone.endOfRecords(cname)) {
        return FALLBACK; // RRSIGs only: Lookup's cast of the first record fails
      }
      answer.addSet(zone, cname, Type.CNAME, owner, offset, length);
      next(zone.rdataBytes(), zone.rdataStart(first));
      return CONTINUE;
    }
    negative(zone);
    return DONE;
  }

  /** RFC 6672 §2.2: the DNAME, a CNAME synthesised from it, then the new name. */
  private int substitute(
      ZoneData zone, int dname, byte[] name, int offset, int length, int ownerStart) {
    int first = zone.firstRecord(dname);
    if (first == zone.endOfRecords(dname)) {
      return FALLBACK;
    }
    int end = offset + length;
    answer.addSet(zone, dname, Type.DNAME, name, ownerStart, end - ownerStart);
    byte[] data = zone.rdataBytes();
    int targetStart = zone.rdataStart(first);
    int targetLength = nameLength(data, targetStart);
    int prefix = ownerStart - offset;
    if (prefix + targetLength > MAX_NAME) {
      rcode = Rcode.YXDOMAIN; // RFC 6672 §2.2: the substituted name would be too long
      return DONE;
    }
    byte[] target = new byte[prefix + targetLength];
    System.arraycopy(name, offset, target, 0, prefix);
    System.arraycopy(data, targetStart, target, prefix, targetLength);
    Part cname = answer.add();
    cname.kind = Part.SYNTHESISED_CNAME;
    cname.zone = zone;
    cname.set = dname;
    cname.type = Type.CNAME;
    cname.ownerBytes = name;
    cname.ownerOffset = offset;
    cname.ownerLength = length;
    cname.ttl = zone.ttl(dname);
    cname.target = target;
    answer.records++;
    nextBytes = target;
    nextOffset = 0;
    nextLength = target.length;
    return CONTINUE;
  }

  /** A referral (RFC 1034 §4.3.2 3b): NS of the cut in authority, glue below it in additional. */
  private void referral(ZoneData zone, byte[] cut, int offset, int length, int ns, boolean first) {
    if (first) {
      authoritative = false; // data after a CNAME we own keeps the answer authoritative
    }
    authority.addSet(zone, ns, Type.NS, cut, offset, length);
    byte[] data = zone.rdataBytes();
    for (int r = zone.firstRecord(ns), end = zone.endOfRecords(ns); r < end; r++) {
      int target = zone.rdataStart(r);
      int targetLength = nameLength(data, target);
      if (subdomain(data, target, targetLength, cut, offset, length)) {
        addAddresses(zone, data, target, targetLength);
      }
    }
    glue = additional.records;
  }

  private void negative(ZoneData zone) {
    Part soa = authority.add();
    soa.kind = Part.NEGATIVE_SOA;
    soa.zone = zone;
    soa.set = zone.soaRRset();
    soa.type = Type.SOA;
    // the SOA's owner is the origin, a suffix of the question, so it is written as a pointer to
    // the question whatever its case; Lookup names it as the zone does
    int originLength = zone.origin().length();
    soa.ownerBytes = question;
    soa.ownerOffset = questionOffset + questionLength - originLength;
    soa.ownerLength = originLength;
    soa.target = null;
    authority.records++;
  }

  /** Additional-section processing (RFC 1034 §3.7, RFC 2782): addresses of in-zone targets. */
  private void addTargetAddresses(ZoneData zone, int set, int type) {
    int skip;
    if (type == Type.NS) {
      skip = 0;
    } else if (type == Type.MX) {
      skip = 2; // preference
    } else if (type == Type.SRV) {
      skip = 6; // priority, weight, port
    } else {
      return;
    }
    byte[] data = zone.rdataBytes();
    for (int r = zone.firstRecord(set), end = zone.endOfRecords(set); r < end; r++) {
      int target = zone.rdataStart(r) + skip;
      int length = nameLength(data, target);
      if (zone.contains(data, target, length) && !zone.isAtOrBelowCut(data, target, length)) {
        addAddresses(zone, data, target, length);
      }
    }
  }

  private void addAddresses(ZoneData zone, byte[] name, int offset, int length) {
    if (additionalOwners.contains(name, offset, length)) {
      return;
    }
    additionalOwners.add(name, offset, length);
    int node = zone.nodeOf(name, offset, length);
    if (node == ZoneData.NONE) {
      return;
    }
    int a = zone.rrsetIndex(node, Type.A);
    if (a >= 0) {
      additional.addSet(zone, a, Type.A, name, offset, length);
    }
    int aaaa = zone.rrsetIndex(node, Type.AAAA);
    if (aaaa >= 0) {
      additional.addSet(zone, aaaa, Type.AAAA, name, offset, length);
    }
  }

  private void next(byte[] bytes, int offset) {
    nextBytes = bytes;
    nextOffset = offset;
    nextLength = nameLength(bytes, offset);
  }

  /** Counts the labels (root included, as dnsjava does) and notes where each starts. */
  private int labels(byte[] name, int offset, int length) {
    int count = 0;
    int pos = offset;
    while (true) {
      labelStarts[count++] = pos;
      int b = name[pos] & 0xFF;
      if (b == 0) {
        return count;
      }
      pos += b + 1;
    }
  }

  /** The length of the uncompressed name at {@code offset}, root label included. */
  static int nameLength(byte[] b, int offset) {
    int pos = offset;
    while (b[pos] != 0) {
      pos += (b[pos] & 0xFF) + 1;
    }
    return pos + 1 - offset;
  }

  /** True when name a ends in the labels of name d (dnsjava's {@code Name#subdomain}). */
  static boolean subdomain(byte[] a, int aOffset, int aLength, byte[] d, int dOffset, int dLength) {
    int end = aOffset + aLength;
    for (int pos = aOffset; end - pos >= dLength; pos += (a[pos] & 0xFF) + 1) {
      if (end - pos == dLength) {
        return sameName(a, pos, d, dOffset, dLength);
      }
      if (a[pos] == 0) {
        return false;
      }
    }
    return false;
  }

  /** Two uncompressed names of the given length, compared without regard to ASCII case. */
  static boolean sameName(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
    for (int i = 0; i < length; i++) {
      byte x = a[aOffset + i];
      byte y = b[bOffset + i];
      if (x != y && lower(x) != lower(y)) {
        return false;
      }
    }
    return true;
  }

  static byte lower(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
  }

  /** A few names, compared without regard to case; a list, as a chain holds at most 16. */
  private static final class NameList {
    private byte[][] bytes = new byte[4][];
    private int[] offsets = new int[4];
    private int[] lengths = new int[4];
    private int size;

    void add(byte[] b, int offset, int length) {
      if (size == bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, size * 2);
        offsets = java.util.Arrays.copyOf(offsets, size * 2);
        lengths = java.util.Arrays.copyOf(lengths, size * 2);
      }
      bytes[size] = b;
      offsets[size] = offset;
      lengths[size] = length;
      size++;
    }

    boolean contains(byte[] b, int offset, int length) {
      for (int i = 0; i < size; i++) {
        if (lengths[i] == length && sameName(bytes[i], offsets[i], b, offset, length)) {
          return true;
        }
      }
      return false;
    }

    void clear() {
      java.util.Arrays.fill(bytes, 0, size, null);
      size = 0;
    }
  }
}
