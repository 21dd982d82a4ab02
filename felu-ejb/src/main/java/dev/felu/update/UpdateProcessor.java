package dev.felu.update;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;
import org.xbill.DNS.Type;

/**
 * One RFC 2136 UPDATE judged over a zone's records, as plain Java: the zone section (§3.1), the
 * prerequisites (§3.2, §2.4), the requestor's permission (§3.3) with the prescan (§3.4.1), then the
 * update section applied in order to a working copy of the zone (§3.4.2, §2.5). The answer is an
 * rcode and, on NOERROR, the difference from the zone as it was: the records to remove (the very
 * objects it was given) and the ones to add. Nothing is written here; the caller applies the
 * difference as one change or, on any other rcode, nothing at all (§3.4: all or nothing).
 *
 * <p>Choices where the RFC leaves room, each as BIND 9 makes it:
 *
 * <ul>
 *   <li>The prescan and the permission check run in one pass over the update section, each RR
 *       prescanned (NOTZONE, FORMERR) before its permission is asked (REFUSED): a malformed or
 *       out-of-zone RR is never answered REFUSED.
 *   <li>Deleting all RRsets of a name (type ANY) asks the policy for each type the name holds, as
 *       the policy decides one RRset at a time.
 *   <li>An SOA added at the apex replaces the zone's SOA only when its serial is higher (RFC 1982);
 *       otherwise it is ignored. felu moves the serial on once after every change unless the change
 *       itself raised it ({@code dev.felu.zone.SoaSerial}), so an UPDATE that raises the serial
 *       keeps it, and any other UPDATE steps it once.
 *   <li>At the apex, deleting the NS RRset (class ANY) is ignored and so is deleting the last NS RR
 *       (class NONE); the SOA is never deleted; deleting all RRsets of the apex keeps SOA and NS.
 *   <li>A CNAME added beside other data, and other data added beside a CNAME, are ignored
 *       (§3.4.2.2); an RR added whose data is already there replaces it (its TTL may change), as
 *       does an added CNAME or SOA the one there.
 * </ul>
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc2136#section-3">RFC 2136 §3</a>
 */
public final class UpdateProcessor {
  /** Who may change what: the requestor's key's policy ({@code UpdatePolicy#allows}). */
  @FunctionalInterface
  public interface Permission {
    boolean allows(Name zone, Name owner, int type);

    Permission NONE = (zone, owner, type) -> false;
  }

  /**
   * The zone section read (§3.1.1): the zone's name, or the rcode that ends the UPDATE here.
   *
   * @param zone the zone named, lower case; null when {@code rcode} is not NOERROR
   */
  public record ZoneSection(Name zone, int rcode, String reason) {
    public boolean ok() {
      return rcode == Rcode.NOERROR;
    }
  }

  /**
   * What an UPDATE comes to.
   *
   * @param removed records of the zone to remove (the objects the processor was given)
   * @param added records to add, class IN
   * @param reason what decided a non-NOERROR rcode, for the log and the audit; "" on NOERROR
   */
  public record Outcome(int rcode, String reason, List<Record> removed, List<Record> added) {
    public Outcome {
      removed = List.copyOf(removed);
      added = List.copyOf(added);
    }

    static Outcome refused(int rcode, String reason) {
      return new Outcome(rcode, reason, List.of(), List.of());
    }

    public boolean ok() {
      return rcode == Rcode.NOERROR;
    }

    /** NOERROR and something to write. */
    public boolean changes() {
      return ok() && !(removed.isEmpty() && added.isEmpty());
    }
  }

  private UpdateProcessor() {}

  /**
   * §3.1.1: exactly one zone RR, of type SOA. Class IN is felu's only class: ANY or NONE there is a
   * FORMERR, any other class is a zone felu does not serve (NOTAUTH, as §3.1.2 answers a zone that
   * is not found).
   */
  public static ZoneSection zoneOf(Message update) {
    List<Record> zone = update.getSection(Section.ZONE);
    if (zone.size() != 1) {
      return new ZoneSection(null, Rcode.FORMERR, "zone section holds " + zone.size() + " RRs");
    }
    Record z = zone.get(0);
    if (z.getType() != Type.SOA) {
      return new ZoneSection(null, Rcode.FORMERR, "zone RR type " + Type.string(z.getType()));
    }
    if (z.getDClass() == DClass.ANY || z.getDClass() == DClass.NONE) {
      return new ZoneSection(null, Rcode.FORMERR, "zone RR class " + DClass.string(z.getDClass()));
    }
    if (z.getDClass() != DClass.IN) {
      return new ZoneSection(
          null, Rcode.NOTAUTH, "no zone of class " + DClass.string(z.getDClass()));
    }
    return new ZoneSection(lower(z.getName()), Rcode.NOERROR, "");
  }

  /**
   * Judges the UPDATE against the zone {@code zone} (found by {@link #zoneOf}; the caller answered
   * NOTAUTH when felu has no such zone) holding {@code records}.
   */
  public static Outcome process(
      Message update, Name zone, List<Record> records, Permission permission) {
    Nodes nodes = new Nodes(records);
    Outcome failed = prerequisites(update.getSection(Section.PREREQ), zone, nodes);
    if (failed != null) {
      return failed;
    }
    List<Record> updates = update.getSection(Section.UPDATE);
    for (Record rr : updates) {
      failed = prescan(rr, zone);
      if (failed != null) {
        return failed;
      }
      if (!permitted(rr, zone, nodes, permission)) {
        return Outcome.refused(
            Rcode.REFUSED,
            "the key may not change "
                + Type.string(rr.getType())
                + " at "
                + rr.getName()
                + " (§3.3)");
      }
    }
    for (Record rr : updates) {
      apply(rr, zone, nodes);
    }
    return nodes.difference(records);
  }

  /**
   * §3.3 for one update RR: the policy decides one RRset at a time, so deleting all RRsets of a
   * name (class ANY, type ANY) is asked for each type the name holds (at the apex SOA and NS aside,
   * which it keeps).
   */
  private static boolean permitted(Record rr, Name zone, Nodes nodes, Permission permission) {
    Name name = rr.getName();
    if (rr.getDClass() != DClass.ANY || rr.getType() != Type.ANY) {
      return permission.allows(zone, name, rr.getType());
    }
    boolean apex = name.equals(zone);
    for (Record r : nodes.at(name)) {
      int type = r.getType();
      if (!(apex && (type == Type.SOA || type == Type.NS))
          && !permission.allows(zone, name, type)) {
        return false;
      }
    }
    return true;
  }

  /** §3.2.5. */
  private static Outcome prerequisites(List<Record> prereqs, Name zone, Nodes nodes) {
    Map<Name, Map<Integer, Set<Data>>> valueDependent = new LinkedHashMap<>();
    for (Record rr : prereqs) {
      if (rr.getTTL() != 0) {
        return Outcome.refused(Rcode.FORMERR, "prerequisite with TTL " + rr.getTTL());
      }
      if (!rr.getName().subdomain(zone)) {
        return Outcome.refused(Rcode.NOTZONE, "prerequisite " + rr.getName() + " outside zone");
      }
      int type = rr.getType();
      Name name = rr.getName();
      if (rr.getDClass() == DClass.ANY) {
        if (rdlength(rr) != 0) {
          return Outcome.refused(Rcode.FORMERR, "class ANY prerequisite with data");
        }
        if (type == Type.ANY) {
          if (!nodes.inUse(name)) {
            return Outcome.refused(Rcode.NXDOMAIN, name + " is not in use");
          }
        } else if (!nodes.has(name, type)) {
          return Outcome.refused(Rcode.NXRRSET, "no " + Type.string(type) + " at " + name);
        }
      } else if (rr.getDClass() == DClass.NONE) {
        if (rdlength(rr) != 0) {
          return Outcome.refused(Rcode.FORMERR, "class NONE prerequisite with data");
        }
        if (type == Type.ANY) {
          if (nodes.inUse(name)) {
            return Outcome.refused(Rcode.YXDOMAIN, name + " is in use");
          }
        } else if (nodes.has(name, type)) {
          return Outcome.refused(Rcode.YXRRSET, Type.string(type) + " exists at " + name);
        }
      } else if (rr.getDClass() == DClass.IN) {
        valueDependent
            .computeIfAbsent(name, n -> new LinkedHashMap<>())
            .computeIfAbsent(type, t -> new HashSet<>())
            .add(new Data(rr));
      } else {
        return Outcome.refused(
            Rcode.FORMERR, "prerequisite of class " + DClass.string(rr.getDClass()));
      }
    }
    for (var byName : valueDependent.entrySet()) {
      for (var byType : byName.getValue().entrySet()) {
        if (!nodes.data(byName.getKey(), byType.getKey()).equals(byType.getValue())) {
          return Outcome.refused(
              Rcode.NXRRSET,
              "the " + Type.string(byType.getKey()) + " RRset at " + byName.getKey() + " differs");
        }
      }
    }
    return null;
  }

  /** §3.4.1.3, for one RR; types felu cannot store (meta types, OPT) are FORMERR with ANY. */
  private static Outcome prescan(Record rr, Name zone) {
    if (!rr.getName().subdomain(zone)) {
      return Outcome.refused(Rcode.NOTZONE, "update " + rr.getName() + " outside zone");
    }
    int type = rr.getType();
    boolean meta = type == Type.AXFR || type == Type.MAILA || type == Type.MAILB;
    String bad = null;
    if (rr.getDClass() == DClass.IN) {
      if (type == Type.ANY || meta || !Type.isRR(type) || type == Type.OPT) {
        bad = "cannot add type " + Type.string(type);
      }
    } else if (rr.getDClass() == DClass.ANY) {
      if (rr.getTTL() != 0 || rdlength(rr) != 0 || meta) {
        bad = "class ANY delete with TTL, data or a meta type";
      }
    } else if (rr.getDClass() == DClass.NONE) {
      if (rr.getTTL() != 0 || type == Type.ANY || meta) {
        bad = "class NONE delete with TTL or type ANY";
      }
    } else {
      bad = "update of class " + DClass.string(rr.getDClass());
    }
    return bad == null ? null : Outcome.refused(Rcode.FORMERR, bad);
  }

  /** §3.4.2: one update RR on the working copy. */
  private static void apply(Record rr, Name zone, Nodes nodes) {
    Name name = rr.getName();
    int type = rr.getType();
    boolean apex = name.equals(zone);
    if (rr.getDClass() == DClass.IN) {
      List<Record> at = nodes.at(name);
      if (type == Type.CNAME) {
        if (at.stream().anyMatch(r -> r.getType() != Type.CNAME)) {
          return;
        }
      } else if (at.stream().anyMatch(r -> r.getType() == Type.CNAME)) {
        return;
      }
      if (type == Type.SOA) {
        Record soa = at.stream().filter(r -> r.getType() == Type.SOA).findFirst().orElse(null);
        if (soa == null
            || Serial.compare(((SOARecord) rr).getSerial(), ((SOARecord) soa).getSerial()) <= 0) {
          return;
        }
      }
      for (int i = 0; i < at.size(); i++) {
        Record z = at.get(i);
        if (z.getType() != type) {
          continue;
        }
        if (type == Type.CNAME || type == Type.SOA || new Data(z).equals(new Data(rr))) {
          if (z.getTTL() != rr.getTTL() || !new Data(z).equals(new Data(rr))) {
            at.set(i, rr);
          }
          return;
        }
      }
      at.add(rr);
    } else if (rr.getDClass() == DClass.ANY) {
      if (type == Type.ANY) {
        nodes.at(name).removeIf(r -> !apex || (r.getType() != Type.SOA && r.getType() != Type.NS));
      } else if (!(apex && (type == Type.SOA || type == Type.NS))) {
        nodes.at(name).removeIf(r -> r.getType() == type);
      }
    } else {
      if (type == Type.SOA) {
        return;
      }
      List<Record> at = nodes.at(name);
      Data data = new Data(rr);
      if (apex && type == Type.NS) {
        Set<Data> ns = nodes.data(name, Type.NS);
        if (ns.size() == 1 && ns.contains(data)) {
          return;
        }
      }
      at.removeIf(r -> r.getType() == type && new Data(r).equals(data));
    }
  }

  private static int rdlength(Record rr) {
    return rr.rdataToWireCanonical().length;
  }

  private static Name lower(Name name) {
    try {
      return new Name(name.toWireCanonical());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a name's own wire form does not parse", e);
    }
  }

  /** An RR's type and data in canonical form (RFC 4034 §6.2: names lower case), TTL aside. */
  private record Data(int type, byte[] rdata) {
    Data(Record r) {
      this(r.getType(), r.rdataToWireCanonical());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Data d && d.type == type && Arrays.equals(d.rdata, rdata);
    }

    @Override
    public int hashCode() {
      return 31 * type + Arrays.hashCode(rdata);
    }
  }

  /** The working copy: the zone's records by owner name (dnsjava compares names ignoring case). */
  private static final class Nodes {
    private final Map<Name, List<Record>> byName = new LinkedHashMap<>();

    Nodes(List<Record> records) {
      for (Record r : records) {
        at(r.getName()).add(r);
      }
    }

    List<Record> at(Name name) {
      return byName.computeIfAbsent(name, n -> new ArrayList<>());
    }

    boolean inUse(Name name) {
      return !byName.getOrDefault(name, List.of()).isEmpty();
    }

    boolean has(Name name, int type) {
      return byName.getOrDefault(name, List.of()).stream().anyMatch(r -> r.getType() == type);
    }

    Set<Data> data(Name name, int type) {
      Set<Data> set = new HashSet<>();
      for (Record r : byName.getOrDefault(name, List.of())) {
        if (r.getType() == type) {
          set.add(new Data(r));
        }
      }
      return set;
    }

    /**
     * What differs from {@code original}: by identity, then a record removed and added again
     * unchanged (same data and TTL) is dropped from both sides, so it is no change.
     */
    Outcome difference(List<Record> original) {
      Set<Record> now = Collections.newSetFromMap(new IdentityHashMap<>());
      byName.values().forEach(now::addAll);
      Set<Record> was = Collections.newSetFromMap(new IdentityHashMap<>());
      was.addAll(original);
      List<Record> removed = new ArrayList<>();
      for (Record r : original) {
        if (!now.contains(r)) {
          removed.add(r);
        }
      }
      List<Record> added = new ArrayList<>();
      for (List<Record> at : byName.values()) {
        for (Record r : at) {
          if (!was.contains(r)) {
            added.add(r);
          }
        }
      }
      for (var it = added.iterator(); it.hasNext(); ) {
        Record a = it.next();
        for (var gone = removed.iterator(); gone.hasNext(); ) {
          Record r = gone.next();
          if (r.getName().equals(a.getName())
              && r.getTTL() == a.getTTL()
              && new Data(r).equals(new Data(a))) {
            gone.remove();
            it.remove();
            break;
          }
        }
      }
      return new Outcome(Rcode.NOERROR, "", removed, added);
    }
  }
}
