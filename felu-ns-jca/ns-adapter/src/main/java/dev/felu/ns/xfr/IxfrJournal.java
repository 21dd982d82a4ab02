package dev.felu.ns.xfr;

import dev.felu.ns.zone.ZoneData;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;
import org.xbill.DNS.Type;

/**
 * The nameserver's in-memory history of zone changes, for IXFR (RFC 1995): per zone, the newest
 * {@link ZoneDifference}s, each computed when a change is applied from the zone before and after
 * ({@link #record}). Bounded twice: at most {@code maxEntriesPerZone} differences per zone, and at
 * most {@code maxTotalBytes} ({@link ZoneDifference#sizeBytes()}) across all zones; the oldest
 * difference goes first, of the zone or of all zones. Nothing survives a restart: a client whose
 * serial is not here gets the whole zone, as RFC 1995 §4 allows.
 *
 * <p>A zone's differences always form one chain (each one's {@code to} is the next one's {@code
 * from}); a change that cannot extend it (the serial went backwards or stayed, the recorded old
 * zone is not the newest known version) starts the chain over. Thread-safe: the config thread
 * records, transfer answers read snapshots. Differences compare by identity, so the age order is a
 * linked set: dropping one is O(1).
 */
public final class IxfrJournal {
  public static final int DEFAULT_MAX_ENTRIES_PER_ZONE = 100;
  public static final long DEFAULT_MAX_TOTAL_BYTES = 64L * 1024 * 1024;

  private final int maxEntriesPerZone;
  private final long maxTotalBytes;
  private final Map<Name, ArrayDeque<ZoneDifference>> zones = new HashMap<>();

  /** Every difference held, oldest first: the eviction order across zones. */
  private final LinkedHashSet<ZoneDifference> byAge = new LinkedHashSet<>();

  private long sizeBytes;

  public IxfrJournal() {
    this(DEFAULT_MAX_ENTRIES_PER_ZONE, DEFAULT_MAX_TOTAL_BYTES);
  }

  /**
   * @param maxEntriesPerZone differences kept per zone, at least 1
   * @param maxTotalBytes bytes kept across zones, at least 1; a difference bigger than this alone
   *     is not kept (its zone's clients get the whole zone)
   */
  public IxfrJournal(int maxEntriesPerZone, long maxTotalBytes) {
    if (maxEntriesPerZone < 1) {
      throw new IllegalArgumentException("max entries per zone must be at least 1");
    }
    if (maxTotalBytes < 1) {
      throw new IllegalArgumentException("max total bytes must be at least 1");
    }
    this.maxEntriesPerZone = maxEntriesPerZone;
    this.maxTotalBytes = maxTotalBytes;
  }

  /**
   * Records the change from {@code old} to {@code updated} (the same zone before and after an
   * applied change). Work and garbage are proportional to the two zones' sizes (a sorted walk; an
   * RRset that did not change is compared as bytes, not made into records). A change that keeps the
   * serial, or moves it backwards (RFC 1982), cannot be told apart by a client and clears the
   * zone's history.
   */
  public void record(ZoneData old, ZoneData updated) {
    if (old == null) {
      return; // a zone served for the first time: nothing to tell a client yet
    }
    if (!old.origin().equals(updated.origin())) {
      throw new IllegalArgumentException(
          "a difference is between versions of one zone: "
              + old.origin()
              + ", "
              + updated.origin());
    }
    long from = old.soa().getSerial();
    long to = updated.soa().getSerial();
    if (old == updated || (from == to && old.digest().equals(updated.digest()))) {
      return; // nothing changed
    }
    if (Serial.compare(to, from) <= 0) {
      forget(old.origin());
      return;
    }
    ZoneDifference d = diff(old, updated);
    synchronized (this) {
      Name zone = key(old.origin());
      ArrayDeque<ZoneDifference> chain = zones.get(zone);
      if (chain != null && chain.peekLast().toSerial() != from) {
        forget(zone);
        chain = null;
      }
      if (d.sizeBytes() > maxTotalBytes) {
        return; // held nowhere; the zone's chain was cleared or ends before this change
      }
      if (chain == null) {
        chain = new ArrayDeque<>();
        zones.put(zone, chain);
      }
      chain.addLast(d);
      byAge.add(d);
      sizeBytes += d.sizeBytes();
      if (chain.size() > maxEntriesPerZone) {
        ZoneDifference oldest = chain.pollFirst();
        byAge.remove(oldest);
        sizeBytes -= oldest.sizeBytes();
      }
      while (sizeBytes > maxTotalBytes) {
        ZoneDifference oldest = byAge.iterator().next();
        byAge.remove(oldest);
        Name of = key(oldest.from().getName());
        ArrayDeque<ZoneDifference> its = zones.get(of);
        its.pollFirst(); // the oldest overall is the oldest of its zone
        if (its.isEmpty()) {
          zones.remove(of);
        }
        sizeBytes -= oldest.sizeBytes();
      }
    }
  }

  /** Drops a zone's history (the zone is no longer served, or was replaced wholesale). */
  public synchronized void forget(Name zone) {
    ArrayDeque<ZoneDifference> chain = zones.remove(key(zone));
    if (chain != null) {
      for (ZoneDifference d : chain) {
        byAge.remove(d);
        sizeBytes -= d.sizeBytes();
      }
    }
  }

  /**
   * The differences leading from {@code serial} to {@code currentSerial} of {@code zone}, oldest
   * first, or null when the journal cannot say (that serial is not in the zone's history, or the
   * history does not reach the current serial).
   */
  public synchronized List<ZoneDifference> from(Name zone, long serial, long currentSerial) {
    ArrayDeque<ZoneDifference> chain = zones.get(key(zone));
    if (chain == null) {
      return null;
    }
    // the chain may already lead one step past the zone served (the journal is fed just before
    // the table is swapped): the steps end where the served zone is
    List<ZoneDifference> steps = new ArrayList<>();
    for (Iterator<ZoneDifference> it = chain.iterator(); it.hasNext(); ) {
      ZoneDifference d = it.next();
      if (steps.isEmpty() && d.fromSerial() != serial) {
        continue;
      }
      steps.add(d);
      if (d.toSerial() == currentSerial) {
        return steps;
      }
    }
    return null;
  }

  /** The zone's differences held, oldest first (a copy). */
  public synchronized List<ZoneDifference> differences(Name zone) {
    ArrayDeque<ZoneDifference> chain = zones.get(key(zone));
    return chain == null ? List.of() : List.copyOf(chain);
  }

  /** About what the journal holds on the heap: the metric and the bound's measure. */
  public synchronized long sizeBytes() {
    return sizeBytes;
  }

  /** Differences held across all zones. */
  public synchronized int entryCount() {
    return byAge.size();
  }

  private static Name key(Name zone) {
    return TsigKeys.lower(zone);
  }

  /**
   * What changed from {@code old} to {@code updated}: walks both zones' nodes in canonical order at
   * once, like a merge; per node it walks the types; an RRset in both is compared as bytes ({@link
   * ZoneData#sameRRset}) and, only when it differs, record by record. A record whose TTL changed is
   * deleted and added (an RR in IXFR is its data and TTL). The apex SOA is not in the lists.
   */
  static ZoneDifference diff(ZoneData old, ZoneData updated) {
    List<Record> deleted = new ArrayList<>();
    List<Record> added = new ArrayList<>();
    int i = 0;
    int j = 0;
    int oldNodes = old.nodeCount();
    int newNodes = updated.nodeCount();
    Name a = oldNodes > 0 ? old.owner(0) : null;
    Name b = newNodes > 0 ? updated.owner(0) : null;
    while (i < oldNodes || j < newNodes) {
      int c = i == oldNodes ? 1 : j == newNodes ? -1 : a.compareTo(b);
      if (c < 0) {
        all(old, i, a, deleted);
      } else if (c > 0) {
        all(updated, j, b, added);
      } else {
        node(old, i, updated, j, a, deleted, added);
      }
      if (c <= 0 && ++i < oldNodes) {
        a = old.owner(i);
      }
      if (c >= 0 && ++j < newNodes) {
        b = updated.owner(j);
      }
    }
    return new ZoneDifference(old.soa(), updated.soa(), deleted, added);
  }

  private static void all(ZoneData zone, int node, Name owner, List<Record> out) {
    for (int type : zone.types(node)) {
      addSet(zone, node, type, owner, out);
    }
  }

  private static void addSet(ZoneData zone, int node, int type, Name owner, List<Record> out) {
    RRset set = zone.rrset(node, type, owner);
    if (!(node == 0 && type == Type.SOA)) {
      out.addAll(set.rrs(false));
    }
    out.addAll(set.sigs());
  }

  private static void node(
      ZoneData old,
      int i,
      ZoneData updated,
      int j,
      Name owner,
      List<Record> deleted,
      List<Record> added) {
    int[] oldTypes = old.types(i);
    int[] newTypes = updated.types(j);
    int x = 0;
    int y = 0;
    while (x < oldTypes.length || y < newTypes.length) {
      int c =
          x == oldTypes.length
              ? 1
              : y == newTypes.length ? -1 : Integer.compare(oldTypes[x], newTypes[y]);
      if (c < 0) {
        addSet(old, i, oldTypes[x++], owner, deleted);
      } else if (c > 0) {
        addSet(updated, j, newTypes[y++], owner, added);
      } else {
        int type = oldTypes[x++];
        y++;
        if (!old.sameRRset(i, type, updated, j)) {
          List<Record> before = new ArrayList<>();
          List<Record> after = new ArrayList<>();
          addSet(old, i, type, owner, before);
          addSet(updated, j, type, owner, after);
          Set<ByteBuffer> was = wires(before);
          Set<ByteBuffer> is = wires(after);
          for (Record r : before) {
            if (!is.contains(wire(r))) {
              deleted.add(r);
            }
          }
          for (Record r : after) {
            if (!was.contains(wire(r))) {
              added.add(r);
            }
          }
        }
      }
    }
  }

  private static Set<ByteBuffer> wires(List<Record> records) {
    Set<ByteBuffer> set = new HashSet<>();
    for (Record r : records) {
      set.add(wire(r));
    }
    return set;
  }

  /** A record's identity in a difference: owner, type, class, TTL and data as on the wire. */
  private static ByteBuffer wire(Record r) {
    return ByteBuffer.wrap(r.toWire(Section.ANSWER));
  }
}
