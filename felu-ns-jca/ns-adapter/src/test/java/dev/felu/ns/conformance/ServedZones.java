package dev.felu.ns.conformance;

import dev.felu.ns.zone.Zones;
import dev.felu.protocol.ZoneContent;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The zones the conformance cases run against, read from {@code conformance/zones/} on the class
 * path, and the little the comparison needs to know about them.
 */
final class ServedZones {
  static final List<String> ORIGINS =
      List.of("example.test.", "child.example.test.", "other.test.");

  private final List<ZoneContent> zones = new ArrayList<>();

  ServedZones() {
    for (String origin : ORIGINS) {
      zones.add(Zones.fromResource(origin, "conformance/zones/" + origin + "zone"));
    }
  }

  List<ZoneContent> contents() {
    return zones;
  }

  /** The served zone a name falls in (the closest enclosing apex), or null. */
  ZoneContent enclosing(Name name) {
    ZoneContent best = null;
    for (ZoneContent z : zones) {
      if (name.subdomain(z.name()) && (best == null || z.name().labels() > best.name().labels())) {
        best = z;
      }
    }
    return best;
  }

  /** The apex NS RRset of the zone a name falls in, or null. */
  RRsetText apexNs(Name name) {
    ZoneContent z = enclosing(name);
    return z == null ? null : rrset(z.name(), Type.NS);
  }

  /** The addresses (A and AAAA RRsets) of the targets of an NS RRset, as the zones hold them. */
  List<RRsetText> addressesOf(Name apex) {
    List<RRsetText> out = new ArrayList<>();
    for (Record r : recordsOf(apex, Type.NS)) {
      Name target = ((NSRecord) r).getTarget();
      for (int type : new int[] {Type.A, Type.AAAA}) {
        RRsetText set = rrset(target, type);
        if (set != null) {
          out.add(set);
        }
      }
    }
    return out;
  }

  private RRsetText rrset(Name owner, int type) {
    List<Record> rs = recordsOf(owner, type);
    return rs.isEmpty() ? null : RRsetText.group(rs).get(0);
  }

  /** Authoritative data only: the records of the zone the owner falls in, not parent glue. */
  private List<Record> recordsOf(Name owner, int type) {
    List<Record> out = new ArrayList<>();
    ZoneContent z = enclosing(owner);
    if (z != null) {
      for (Record r : z.records()) {
        if (r.getName().equals(owner) && r.getType() == type) {
          out.add(r);
        }
      }
    }
    return out;
  }
}
