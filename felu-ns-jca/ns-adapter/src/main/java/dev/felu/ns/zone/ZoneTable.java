package dev.felu.ns.zone;

import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Reply;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * Every zone the nameserver serves, at one revision. Immutable: {@link #with} returns a new table
 * that shares all untouched zones with this one (copy-on-write per zone), and updates the config
 * hash incrementally.
 */
public final class ZoneTable {
  public static final ZoneTable EMPTY =
      new ZoneTable(Reply.NO_REVISION, ConfigHash.EMPTY, Map.of(), 0, 0);

  private final long revision;
  private final ConfigHash hash;
  private final Map<Name, ZoneData> zones;
  private final long recordCount;
  private final long transferBytes;

  private ZoneTable(
      long revision,
      ConfigHash hash,
      Map<Name, ZoneData> zones,
      long recordCount,
      long transferBytes) {
    this.revision = revision;
    this.hash = hash;
    this.zones = zones;
    this.recordCount = recordCount;
    this.transferBytes = transferBytes;
    this.byWire = wireIndex(zones.values());
  }

  /**
   * The zones again, by their origin's lower-case wire form: an open-addressing hash table (linear
   * probing, at most half full), so that the query path finds a zone from the question's bytes
   * without making a {@link Name}.
   */
  private final ZoneData[] byWire;

  private static ZoneData[] wireIndex(Collection<ZoneData> zones) {
    int capacity = Integer.highestOneBit(Math.max(1, zones.size()) * 2 - 1) << 1;
    ZoneData[] index = new ZoneData[capacity];
    for (ZoneData z : zones) {
      byte[] wire = z.origin().toWireCanonical();
      int i = hash(wire, 0, wire.length) & (capacity - 1);
      while (index[i] != null) {
        i = (i + 1) & (capacity - 1);
      }
      index[i] = z;
    }
    return index;
  }

  public static ZoneTable of(long revision, Collection<ZoneData> zones) {
    return EMPTY.with(revision, zones, java.util.List.of());
  }

  /**
   * A new table at {@code revision}: these zones put (replacing same-named ones), those removed.
   */
  public ZoneTable with(long newRevision, Collection<ZoneData> puts, Collection<Name> removals) {
    Map<Name, ZoneData> next = new HashMap<>(zones);
    ConfigHash h = hash;
    long records = recordCount;
    long bytes = transferBytes;
    for (Name name : removals) {
      ZoneData old = next.remove(name);
      if (old != null) {
        h = h.minus(old.digest());
        records -= old.recordCount();
        bytes -= old.transferBytes();
      }
    }
    for (ZoneData z : puts) {
      ZoneData old = next.put(z.origin(), z);
      if (old != null) {
        h = h.minus(old.digest());
        records -= old.recordCount();
        bytes -= old.transferBytes();
      }
      h = h.plus(z.digest());
      records += z.recordCount();
      bytes += z.transferBytes();
    }
    return new ZoneTable(newRevision, h, Collections.unmodifiableMap(next), records, bytes);
  }

  /**
   * The zone with the longest origin that contains {@code qname}, or null. Walks up the labels: at
   * most one hash lookup per label, whatever the number of zones.
   */
  public ZoneData findZone(Name qname) {
    for (int strip = 0; strip < qname.labels(); strip++) {
      ZoneData z = zones.get(strip == 0 ? qname : new Name(qname, strip));
      if (z != null) {
        return z;
      }
    }
    return null;
  }

  /**
   * As {@link #findZone(Name)} for a name given as uncompressed wire labels, {@code wire[offset,
   * offset + length)} ending in the root label, in any case (RFC 4343).
   */
  public ZoneData findZone(byte[] wire, int offset, int length) {
    int end = offset + length;
    int mask = byWire.length - 1;
    for (int from = offset; from < end; from += (wire[from] & 0xFF) + 1) {
      for (int i = hash(wire, from, end) & mask; byWire[i] != null; i = (i + 1) & mask) {
        ZoneData z = byWire[i];
        if (z.origin().length() == end - from && z.contains(wire, from, end - from)) {
          return z;
        }
      }
    }
    return null;
  }

  /** FNV-1a over the lower-cased bytes (RFC 4343 §3: ASCII case only). */
  private static int hash(byte[] wire, int from, int to) {
    int h = 0x811c9dc5;
    for (int i = from; i < to; i++) {
      byte b = wire[i];
      h = (h ^ ((b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b) & 0xFF)) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  /** The origins of the zones served. */
  public java.util.Collection<Name> origins() {
    return java.util.Collections.unmodifiableSet(zones.keySet());
  }

  public long revision() {
    return revision;
  }

  public ConfigHash hash() {
    return hash;
  }

  public int zoneCount() {
    return zones.size();
  }

  public long recordCount() {
    return recordCount;
  }

  /** Bytes of transfer frames that carried the zones held (see {@link ZoneData#transferBytes}). */
  public long transferBytes() {
    return transferBytes;
  }
}
