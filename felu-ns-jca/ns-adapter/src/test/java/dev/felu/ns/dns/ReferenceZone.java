package dev.felu.ns.dns;

import dev.felu.protocol.ZoneContent;
import dev.felu.protocol.ZoneDigest;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The reference for the compact {@code ZoneData}: the zone table as it was before issue 13, frozen
 * — nodes as a hash map of dnsjava RRsets by owner name and type, the names that exist only as
 * empty non-terminals, its SOA. {@link ReferenceResponder} answers from it as the nameserver did
 * then; {@code CompactZoneEquivalenceTest} compares the two, {@code ZoneFootprint} their heap.
 */
final class ReferenceZone {
  private final Name origin;
  private final SOARecord soa;
  private final SOARecord negativeSoa;
  private final Map<Name, Map<Integer, RRset>> nodes;
  private final Set<Name> emptyNonTerminals;
  private final Set<Name> cuts;
  private final ZoneDigest digest;
  private final int recordCount;
  private final long transferBytes;

  private ReferenceZone(
      Name origin,
      SOARecord soa,
      Map<Name, Map<Integer, RRset>> nodes,
      Set<Name> emptyNonTerminals,
      Set<Name> cuts,
      ZoneDigest digest,
      int recordCount,
      long transferBytes) {
    this.origin = origin;
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
    this.nodes = nodes;
    this.emptyNonTerminals = emptyNonTerminals;
    this.cuts = cuts;
    this.digest = digest;
    this.recordCount = recordCount;
    this.transferBytes = transferBytes;
  }

  /**
   * Builds a zone from its records. Refuses content a zone cannot have: records outside the zone,
   * no SOA (or several) at the apex (RFC 1035 §5.2).
   */
  static ReferenceZone build(ZoneContent content) {
    return build(content, 0);
  }

  static ReferenceZone build(ZoneContent content, long transferBytes) {
    Name origin = content.name();
    Map<Name, Map<Integer, RRset>> nodes = new HashMap<>();
    int count = 0;
    for (Record r : content.records()) {
      if (!r.getName().subdomain(origin)) {
        throw new IllegalArgumentException(
            "zone " + origin + ": record " + r.getName() + " lies outside the zone");
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
    Set<Name> cuts = new HashSet<>();
    for (Map.Entry<Name, Map<Integer, RRset>> node : nodes.entrySet()) {
      Name owner = node.getKey();
      if (!owner.equals(origin) && node.getValue().containsKey(Type.NS)) {
        cuts.add(owner);
      }
      for (int labels = owner.labels() - 1; labels > origin.labels(); labels--) {
        Name parent = new Name(owner, owner.labels() - labels);
        if (!nodes.containsKey(parent)) {
          ents.add(parent);
        }
      }
    }
    nodes.replaceAll((name, byType) -> Collections.unmodifiableMap(byType));
    return new ReferenceZone(
        origin,
        (SOARecord) soaSet.first(),
        Collections.unmodifiableMap(nodes),
        Collections.unmodifiableSet(ents),
        Collections.unmodifiableSet(cuts),
        content.digest(),
        count,
        transferBytes);
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

  /** The RRsets at a name, or null when no record has that owner. */
  public Map<Integer, RRset> node(Name name) {
    return nodes.get(name);
  }

  /**
   * True when the name has no records but a name below it does (RFC 8020's "empty non-terminal").
   */
  public boolean isEmptyNonTerminal(Name name) {
    return emptyNonTerminals.contains(name);
  }

  /**
   * True when the name is a delegation point of this zone or lies below one: its records there are
   * glue or occluded, not authoritative data (RFC 1034 §4.2.1). One set lookup per label.
   */
  public boolean isAtOrBelowCut(Name name) {
    if (cuts.isEmpty()) {
      return false;
    }
    for (int strip = 0; strip < name.labels() - origin.labels(); strip++) {
      if (cuts.contains(strip == 0 ? name : new Name(name, strip))) {
        return true;
      }
    }
    return false;
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
}
