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
