package dev.felu.ns.zone;

import dev.felu.protocol.ZoneContent;
import dev.felu.protocol.ZoneDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One zone, immutable once built: its nodes (owner names, empty non-terminals included), their
 * RRsets, its SOA and its digest — held compactly, in a few flat arrays instead of a graph of
 * dnsjava objects (ARCHITECTURE.md, "where is the zone table's representation?").
 *
 * <p>Layout. Nodes are numbered in canonical order (RFC 4034 §6.1). A node's owner is kept as the
 * wire-format labels below the origin, lower case, packed one after the other in {@link #owners};
 * an open-addressing hash index over them ({@link #slots}, linear probing, at most half full) finds
 * a name with one hash of its wire bytes and a byte comparison, case-insensitively as RFC 4343
 * wants. A node's RRsets are a range of RRset numbers sorted by type, each with its TTL (RFC 2181
 * §5.2: one per RRset) and a range of records; a record is its rdata in wire form, names
 * uncompressed and in the case the zone wrote them, in one byte array per zone. RRSIGs are kept
 * with the RRset they cover, after its records, as dnsjava's {@link RRset} keeps them.
 *
 * <p>Reading. {@link #nodeOf} finds a node; {@link #rrset} turns one RRset back into dnsjava
 * records with the owner the caller names: the name the query reached it by, which is also how a
 * wildcard's records are synthesised (RFC 4592 §2.1.3). Owner names therefore take the case of the
 * question or of the record data that led to them; the zone's own case of owner names is not kept.
 * Work per lookup is proportional to the length of the name, never to the size of the zone.
 */
public final class ZoneData {
  /** What {@link #nodeOf} returns for a name that is not in the zone. */
  public static final int NONE = -1;

  private final Name origin;
  private final int originLength;
  private final byte[] originWire;
  private final SOARecord soa;
  private final SOARecord negativeSoa;
  private final ZoneDigest digest;
  private final int recordCount;
  private final long transferBytes;
  private final boolean hasCuts;

  /**
   * Node n's owner: {@code owners[ownerStart[n] .. ownerStart[n + 1])}, labels below the origin.
   */
  private final byte[] owners;

  private final int[] ownerStart;

  /** Node n's RRsets: {@code setStart[n] .. setStart[n + 1]}, ascending types. */
  private final int[] setStart;

  /** Hash index: node + 1 per used slot, 0 for a free one; the length is a power of two. */
  private final int[] slots;

  /** RRset s: its type (the covered type for signatures), TTL (unsigned) and records. */
  private final char[] setType;

  private final int[] setTtl;
  private final int[] recordStart;

  /** How many of RRset s's records (its last ones) are RRSIGs; null when the zone has none. */
  private final char[] setSignatures;

  /** Record r's rdata: {@code rdata[rdataStart[r] .. rdataStart[r + 1])}. */
  private final byte[] rdata;

  private final int[] rdataStart;

  private ZoneData(Name origin, SOARecord soa, ZoneDigest digest, long transferBytes, Layout l) {
    this.origin = origin;
    this.originWire = origin.toWireCanonical();
    this.originLength = originWire.length;
    this.soa = soa;
    this.negativeSoa =
        new SOARecord(
            soa.getName(),
            soa.getDClass(),
            Math.min(soa.getTTL(), soa.getMinimum()),
            soa.getHost(),
            soa.getAdmin(),
            soa.getSerial(),
            soa.getRefresh(),
            soa.getRetry(),
            soa.getExpire(),
            soa.getMinimum());
    this.digest = digest;
    this.recordCount = l.recordCount;
    this.transferBytes = transferBytes;
    this.hasCuts = l.hasCuts;
    this.owners = l.owners;
    this.ownerStart = l.ownerStart;
    this.setStart = l.setStart;
    this.slots = l.slots;
    this.setType = l.setType;
    this.setTtl = l.setTtl;
    this.recordStart = l.recordStart;
    this.setSignatures = l.setSignatures;
    this.rdata = l.rdata;
    this.rdataStart = l.rdataStart;
  }

  /**
   * Builds a zone from its records. Refuses content a zone cannot have: records outside the zone,
   * no SOA (or several) at the apex (RFC 1035 §5.2), classes other than IN.
   */
  public static ZoneData build(ZoneContent content) {
    return build(content, 0);
  }

  /**
   * As {@link #build(ZoneContent)}, remembering how many bytes of transfer frames carried the zone:
   * what the memory guard's estimate of the table starts from ({@code
   * dev.felu.ns.config.MemoryGuard}).
   */
  public static ZoneData build(ZoneContent content, long transferBytes) {
    Name origin = content.name();
    // dnsjava's RRset gathers each RRset as before (duplicates dropped, one TTL, RRSIGs beside the
    // records they cover); only this zone's sets live at once, and then only until they are packed
    Map<Name, Map<Integer, RRset>> nodes = new HashMap<>();
    int count = 0;
    for (Record r : content.records()) {
      if (!r.getName().subdomain(origin)) {
        throw new IllegalArgumentException(
            "zone " + origin + ": record " + r.getName() + " lies outside the zone");
      }
      if (r.getDClass() != DClass.IN) {
        throw new IllegalArgumentException(
            "zone " + origin + ": record " + r.getName() + " is not of class IN");
      }
      RRset set =
          nodes
              .computeIfAbsent(r.getName(), n -> new HashMap<>())
              .computeIfAbsent(r.getRRsetType(), t -> new RRset());
      int before = set.size();
      set.addRR(r);
      count += set.size() - before;
    }
    Map<Integer, RRset> apex = nodes.get(origin);
    RRset soaSet = apex == null ? null : apex.get(Type.SOA);
    if (soaSet == null || soaSet.size() != 1) {
      throw new IllegalArgumentException("zone " + origin + " needs exactly one SOA at its apex");
    }
    Set<Name> ents = new HashSet<>();
    for (Name owner : nodes.keySet()) {
      for (int labels = owner.labels() - 1; labels > origin.labels(); labels--) {
        Name parent = new Name(owner, owner.labels() - labels);
        if (!nodes.containsKey(parent)) {
          ents.add(parent);
        }
      }
    }
    int originLength = origin.length();
    List<Owner> names = new ArrayList<>(nodes.size() + ents.size());
    for (Name n : nodes.keySet()) {
      names.add(Owner.of(n, originLength));
    }
    for (Name n : ents) {
      names.add(Owner.of(n, originLength));
    }
    names.sort(Owner::compareTo);
    Layout layout = new Layout(names, nodes, count);
    return new ZoneData(
        origin, (SOARecord) soaSet.first(), content.digest(), transferBytes, layout);
  }

  public Name origin() {
    return origin;
  }

  public SOARecord soa() {
    return soa;
  }

  /** The SOA as negative answers carry it: TTL = min(SOA TTL, SOA MINIMUM) (RFC 2308 §3). */
  public SOARecord negativeSoa() {
    return negativeSoa;
  }

  /**
   * The node at a name, or {@link #NONE} when the name is not in this zone or nothing exists there.
   * An empty non-terminal (RFC 8020) is a node, one without RRsets.
   */
  public int nodeOf(Name name) {
    byte[] wire = name.toWire();
    int below = lengthBelowOrigin(wire, 0, wire.length);
    return below < 0 ? NONE : find(wire, 0, below);
  }

  /**
   * As {@link #nodeOf(Name)} for a name given as uncompressed wire labels, {@code wire[offset,
   * offset + length)} ending in the root label, in any case: the query path's lookup, which never
   * makes a {@link Name}.
   */
  public int nodeOf(byte[] wire, int offset, int length) {
    int below = lengthBelowOrigin(wire, offset, offset + length);
    return below < 0 ? NONE : find(wire, offset, below);
  }

  /** True when the wire-format name ({@link #nodeOf(byte[], int, int)}) is at or below the apex. */
  public boolean contains(byte[] wire, int offset, int length) {
    return lengthBelowOrigin(wire, offset, offset + length) >= 0;
  }

  /** True when the node has no records but a name below it does (RFC 8020). */
  public boolean isEmptyNonTerminal(int node) {
    return setStart[node] == setStart[node + 1];
  }

  /** True when the node holds an RRset of this type (for RRSIGs: that covers this type). */
  public boolean has(int node, int type) {
    return setOf(node, type) >= 0;
  }

  /** The smallest type of the node's RRsets; the node must not be an empty non-terminal. */
  public int lowestType(int node) {
    return setType[setStart[node]];
  }

  /**
   * The node's RRset of this type as dnsjava records owned by {@code owner}, or null when the node
   * has none. A new RRset each time: the table itself holds bytes only.
   */
  public RRset rrset(int node, int type, Name owner) {
    int s = setOf(node, type);
    if (s < 0) {
      return null;
    }
    long ttl = Integer.toUnsignedLong(setTtl[s]);
    int first = recordStart[s];
    int end = recordStart[s + 1];
    int signatures = setSignatures == null ? 0 : setSignatures[s];
    RRset set = new RRset();
    for (int r = first; r < end; r++) {
      int from = rdataStart[r];
      int length = rdataStart[r + 1] - from;
      int recordType = r < end - signatures ? type : Type.RRSIG;
      set.addRR(
          Record.newRecord(
              owner,
              recordType,
              DClass.IN,
              ttl,
              length,
              Arrays.copyOfRange(rdata, from, from + length)));
    }
    return set;
  }

  /**
   * True when the name is a delegation point of this zone or lies below one: its records there are
   * glue or occluded, not authoritative data (RFC 1034 §4.2.1). One index lookup per label.
   */
  public boolean isAtOrBelowCut(Name name) {
    if (!hasCuts) {
      return false;
    }
    byte[] wire = name.toWire();
    return isAtOrBelowCut(wire, 0, wire.length);
  }

  /**
   * As {@link #isAtOrBelowCut(Name)} for a wire-format name ({@link #nodeOf(byte[], int, int)}).
   */
  public boolean isAtOrBelowCut(byte[] wire, int offset, int length) {
    if (!hasCuts) {
      return false;
    }
    int below = lengthBelowOrigin(wire, offset, offset + length);
    for (int from = offset; from < below; from += (wire[from] & 0xFF) + 1) {
      int node = find(wire, from, below);
      if (node != NONE && has(node, Type.NS)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The number of the node's RRset of this type (for RRSIGs: that covers this type), or -1. With
   * {@link #ttl}, {@link #firstRecord}, {@link #endOfRecords}, {@link #rdataStart}, {@link
   * #rdataEnd} and {@link #rdataBytes} it is how the query path renders an RRset straight from the
   * table's bytes.
   */
  public int rrsetIndex(int node, int type) {
    return setOf(node, type);
  }

  /** The RRset of the apex SOA (node 0 is the apex: canonical order puts it first). */
  public int soaRRset() {
    return setOf(0, Type.SOA);
  }

  /** RRset s's TTL, unsigned. */
  public long ttl(int set) {
    return Integer.toUnsignedLong(setTtl[set]);
  }

  /** RRset s's first record. */
  public int firstRecord(int set) {
    return recordStart[set];
  }

  /** The end of RRset s's records, its RRSIGs left out: what {@code RRset.rrs(false)} holds. */
  public int endOfRecords(int set) {
    return recordStart[set + 1] - (setSignatures == null ? 0 : setSignatures[set]);
  }

  /** The end of RRset s's records with its RRSIGs: they follow its records. */
  public int endOfSignatures(int set) {
    return recordStart[set + 1];
  }

  /** Where record r's rdata starts in {@link #rdataBytes()}. */
  public int rdataStart(int record) {
    return rdataStart[record];
  }

  /** Where record r's rdata ends in {@link #rdataBytes()}. */
  public int rdataEnd(int record) {
    return rdataStart[record + 1];
  }

  /**
   * Every record's rdata in wire form (names uncompressed, in the zone's case), the table's own
   * array, not a copy: the query path reads it and never writes it.
   */
  public byte[] rdataBytes() {
    return rdata;
  }

  public ZoneDigest digest() {
    return digest;
  }

  public int recordCount() {
    return recordCount;
  }

  /** Bytes of transfer frames that carried this zone; 0 when it was built otherwise. */
  public long transferBytes() {
    return transferBytes;
  }

  // read-only walk for zone transfers (dev.felu.ns.xfr): nodes in canonical order, node 0 the apex

  /** How many nodes the zone has, empty non-terminals included; nodes are 0 .. nodeCount - 1. */
  public int nodeCount() {
    return ownerStart.length - 1;
  }

  /** The node's owner name, lower case (the zone's own case of owners is not kept). */
  public Name owner(int node) {
    try {
      return new Name(ownerWire(node));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("packed owner of node " + node + " is not a name", e);
    }
  }

  /** The node's owner name in uncompressed wire form, lower case: what {@link #owner} parses. */
  public byte[] ownerWire(int node) {
    int start = ownerStart[node];
    byte[] wire = Arrays.copyOfRange(owners, start, ownerStart[node + 1] + originLength);
    System.arraycopy(originWire, 0, wire, ownerStart[node + 1] - start, originLength);
    return wire;
  }

  /** The types of the node's RRsets, ascending (for signatures alone: the covered type). */
  public int[] types(int node) {
    int[] types = new int[setStart[node + 1] - setStart[node]];
    for (int i = 0; i < types.length; i++) {
      types[i] = setType[setStart[node] + i];
    }
    return types;
  }

  /**
   * True when this zone's RRset of {@code type} at {@code node} and {@code other}'s at {@code
   * otherNode} have the same TTL and the same records, RRSIGs included, byte for byte: how a
   * journal finds what changed between two versions of a zone without making records.
   */
  public boolean sameRRset(int node, int type, ZoneData other, int otherNode) {
    int s = setOf(node, type);
    int o = other.setOf(otherNode, type);
    if (s < 0 || o < 0) {
      return s < 0 && o < 0;
    }
    int records = recordStart[s + 1] - recordStart[s];
    int signatures = setSignatures == null ? 0 : setSignatures[s];
    int otherSignatures = other.setSignatures == null ? 0 : other.setSignatures[o];
    if (setTtl[s] != other.setTtl[o]
        || records != other.recordStart[o + 1] - other.recordStart[o]
        || signatures != otherSignatures) {
      return false;
    }
    for (int i = 0; i < records; i++) {
      int r = recordStart[s] + i;
      int q = other.recordStart[o] + i;
      if (!Arrays.equals(
          rdata,
          rdataStart[r],
          rdataStart[r + 1],
          other.rdata,
          other.rdataStart[q],
          other.rdataStart[q + 1])) {
        return false;
      }
    }
    return true;
  }

  private int setOf(int node, int type) {
    for (int s = setStart[node], end = setStart[node + 1]; s < end; s++) {
      if (setType[s] == type) {
        return s;
      }
    }
    return -1;
  }

  /**
   * Where the origin starts in the uncompressed wire-format name {@code wire[start, end)} (so the
   * bytes from {@code start} up to there lie below it), or -1 when the name does not end in it.
   */
  private int lengthBelowOrigin(byte[] wire, int start, int end) {
    for (int pos = start; end - pos >= originLength; pos += (wire[pos] & 0xFF) + 1) {
      if (end - pos == originLength) {
        for (int i = 0; i < originLength; i++) {
          if (lower(wire[pos + i]) != originWire[i]) {
            return -1;
          }
        }
        return pos;
      }
      if (wire[pos] == 0) {
        return -1;
      }
    }
    return -1;
  }

  /** The node whose owner's labels below the origin are {@code wire[from, to)}, any case. */
  private int find(byte[] wire, int from, int to) {
    int mask = slots.length - 1;
    int length = to - from;
    for (int i = hash(wire, from, to) & mask; ; i = (i + 1) & mask) {
      int node = slots[i] - 1;
      if (node < 0) {
        return NONE;
      }
      int start = ownerStart[node];
      if (ownerStart[node + 1] - start == length && sameLabels(wire, from, start, length)) {
        return node;
      }
    }
  }

  private boolean sameLabels(byte[] wire, int from, int start, int length) {
    for (int i = 0; i < length; i++) {
      if (lower(wire[from + i]) != owners[start + i]) {
        return false;
      }
    }
    return true;
  }

  /** ASCII lower case, the only case folding DNS knows (RFC 4343 §3). */
  private static byte lower(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
  }

  /** FNV-1a over the lower-cased bytes, then MurmurHash3's finaliser to spread the low bits. */
  private static int hash(byte[] wire, int from, int to) {
    int h = 0x811c9dc5;
    for (int i = from; i < to; i++) {
      h = (h ^ (lower(wire[i]) & 0xFF)) * 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /**
   * A node's owner while a zone is built: its labels below the origin in canonical (lower-case)
   * wire form, and the same labels last to first, which sort in canonical order (RFC 4034 §6.1) by
   * plain byte comparisons — far cheaper than {@link Name#compareTo}, which finds every label's
   * offset again for each comparison, and a million-record zone sorts with some twenty million.
   */
  private static final class Owner implements Comparable<Owner> {
    final Name name;
    final byte[] below;

    /** Each label as its length byte and its bytes, the most significant label first. */
    final byte[] key;

    private Owner(Name name, byte[] below, byte[] key) {
      this.name = name;
      this.below = below;
      this.key = key;
    }

    static Owner of(Name name, int originLength) {
      byte[] wire = name.toWireCanonical();
      byte[] below = Arrays.copyOf(wire, wire.length - originLength);
      byte[] key = new byte[below.length];
      int end = key.length;
      for (int from = 0; from < below.length; from += (below[from] & 0xFF) + 1) {
        int length = (below[from] & 0xFF) + 1;
        end -= length;
        System.arraycopy(below, from, key, end, length);
      }
      return new Owner(name, below, key);
    }

    /**
     * Label by label, most significant first: the label's bytes compared as unsigned octets, a
     * label that is a prefix of the other first; a name that runs out of labels first sorts first.
     */
    @Override
    public int compareTo(Owner other) {
      byte[] a = key;
      byte[] b = other.key;
      int i = 0;
      int j = 0;
      while (i < a.length && j < b.length) {
        int la = a[i] & 0xFF;
        int lb = b[j] & 0xFF;
        int c = Arrays.compareUnsigned(a, i + 1, i + 1 + la, b, j + 1, j + 1 + lb);
        if (c != 0) {
          return c;
        }
        i += la + 1;
        j += lb + 1;
      }
      return Integer.compare(a.length - i, b.length - j);
    }
  }

  /** The arrays of one zone, packed from its names and dnsjava RRsets. */
  private static final class Layout {
    final int recordCount;
    boolean hasCuts;
    final byte[] owners;
    final int[] ownerStart;
    final int[] setStart;
    final int[] slots;
    final char[] setType;
    final int[] setTtl;
    final int[] recordStart;
    char[] setSignatures;
    final byte[] rdata;
    final int[] rdataStart;

    Layout(List<Owner> names, Map<Name, Map<Integer, RRset>> nodes, int recordCount) {
      this.recordCount = recordCount;
      int nodeCount = names.size();
      int ownerBytes = 0;
      int sets = 0;
      int records = 0;
      for (Owner n : names) {
        ownerBytes += n.below.length;
        Map<Integer, RRset> node = nodes.get(n.name);
        if (node != null) {
          sets += node.size();
          for (RRset set : node.values()) {
            records += set.size() + set.sigs().size();
          }
        }
      }
      owners = new byte[ownerBytes];
      ownerStart = new int[nodeCount + 1];
      setStart = new int[nodeCount + 1];
      setType = new char[sets];
      setTtl = new int[sets];
      recordStart = new int[sets + 1];
      rdataStart = new int[records + 1];
      Bytes data = new Bytes(records * 8);
      int o = 0;
      int s = 0;
      int r = 0;
      for (int n = 0; n < nodeCount; n++) {
        Owner owner = names.get(n);
        System.arraycopy(owner.below, 0, owners, o, owner.below.length);
        ownerStart[n] = o;
        o += owner.below.length;
        setStart[n] = s;
        Map<Integer, RRset> node = nodes.get(owner.name);
        if (node == null) {
          continue;
        }
        int[] types = new int[node.size()];
        int t = 0;
        for (int type : node.keySet()) {
          types[t++] = type;
        }
        Arrays.sort(types);
        for (int type : types) {
          RRset set = node.get(type);
          if (type == Type.NS && n > 0) {
            hasCuts = true; // node 0 is the apex: canonical order puts it first
          }
          setType[s] = (char) type;
          setTtl[s] = (int) set.getTTL();
          recordStart[s] = r;
          for (Record rr : set.rrs(false)) {
            rdataStart[r++] = data.size();
            data.addRdata(rr);
          }
          if (!set.sigs().isEmpty()) {
            if (setSignatures == null) {
              setSignatures = new char[sets];
            }
            setSignatures[s] = (char) set.sigs().size();
            for (Record sig : set.sigs()) {
              rdataStart[r++] = data.size();
              data.addRdata(sig);
            }
          }
          s++;
        }
      }
      ownerStart[nodeCount] = o;
      setStart[nodeCount] = s;
      recordStart[sets] = r;
      rdataStart[records] = data.size();
      rdata = data.toArray();
      slots = index();
    }

    private int[] index() {
      int nodes = ownerStart.length - 1;
      int capacity = Integer.highestOneBit(Math.max(1, nodes) * 2 - 1) << 1; // >= 2 × nodes
      int[] table = new int[capacity];
      int mask = capacity - 1;
      for (int n = 0; n < nodes; n++) {
        int i = hash(owners, ownerStart[n], ownerStart[n + 1]) & mask;
        while (table[i] != 0) {
          i = (i + 1) & mask;
        }
        table[i] = n + 1;
      }
      return table;
    }
  }

  /** A growing byte array for the zone's rdata. */
  private static final class Bytes {
    private byte[] buf;
    private int size;

    Bytes(int initial) {
      buf = new byte[Math.max(16, initial)];
    }

    int size() {
      return size;
    }

    /**
     * Appends a record's rdata as its uncompressed wire form has it (RFC 1035 §3.3; names in their
     * own case): the record's wire form ends in it, after the owner, TYPE, CLASS, TTL and RDLENGTH.
     */
    void addRdata(Record r) {
      byte[] wire = r.toWire(Section.ANSWER);
      int at = r.getName().length() + 8;
      int length = ((wire[at] & 0xFF) << 8) | (wire[at + 1] & 0xFF);
      if (size + length > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(size + length, buf.length * 2));
      }
      System.arraycopy(wire, at + 2, buf, size, length);
      size += length;
    }

    byte[] toArray() {
      return Arrays.copyOf(buf, size);
    }
  }
}
