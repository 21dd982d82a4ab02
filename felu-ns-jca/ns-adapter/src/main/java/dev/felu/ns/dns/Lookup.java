package dev.felu.ns.dns;

import dev.felu.ns.zone.ZoneData;
import dev.felu.ns.zone.ZoneTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The authoritative part of the RFC 1034 §4.3.2 algorithm for one IN-class question: zone cuts
 * (referrals with glue), DNAME substitution (RFC 6672), exact matches, CNAME chains inside the
 * zone, wildcards (RFC 4592), negative answers (RFC 2308) and additional-section processing for NS,
 * MX and SRV targets.
 *
 * <p>Work per query is proportional to the number of labels in the names involved, never to the
 * size of the zone: every step is a hash lookup in the immutable {@link ZoneData}, and only the
 * RRsets the answer carries are turned into dnsjava records.
 */
final class Lookup {
  /** Longest CNAME/DNAME chain followed inside a zone (loops end earlier, at a repeated name). */
  static final int MAX_CHAIN = 16;

  private static final Name WILDCARD = Name.fromConstantString("*");

  private final int qtype;
  final List<RRset> answer = new ArrayList<>(2);
  final List<RRset> authority = new ArrayList<>(1);

  /** Additional records; the first {@link #glue} of them are glue a referral cannot do without. */
  final List<Record> additional = new ArrayList<>(0);

  int glue;
  int rcode = Rcode.NOERROR;
  boolean authoritative;
  private Set<Name> additionalOwners;

  private Lookup(int qtype) {
    this.qtype = qtype;
  }

  /** Resolves an IN-class question; REFUSED when no served zone contains the name. */
  static Lookup resolve(ZoneTable table, Name qname, int qtype) {
    Lookup l = new Lookup(qtype);
    ZoneData zone = zoneFor(table, qname, qtype);
    if (zone == null) {
      l.rcode = Rcode.REFUSED;
      return l;
    }
    l.authoritative = true;
    Name name = qname;
    Set<Name> visited = null;
    for (int hop = 1; ; hop++) {
      Name next = l.step(zone, name, hop == 1);
      // follow CNAMEs only inside this zone, as Knot and BIND do; stop at loops
      if (next == null || hop >= MAX_CHAIN || !next.subdomain(zone.origin())) {
        return l;
      }
      if (visited == null) {
        visited = new HashSet<>();
      }
      visited.add(name);
      if (visited.contains(next)) {
        return l;
      }
      name = next;
    }
  }

  /**
   * The zone to answer from: the one with the longest origin containing the name, except that DS at
   * the apex of a served zone belongs to its parent zone when that is served too (RFC 4035
   * §3.1.4.1).
   */
  private static ZoneData zoneFor(ZoneTable table, Name qname, int qtype) {
    ZoneData zone = table.findZone(qname);
    if (zone != null && qtype == Type.DS && qname.equals(zone.origin()) && qname.labels() > 1) {
      ZoneData parent = table.findZone(new Name(qname, 1));
      if (parent != null) {
        return parent;
      }
    }
    return zone;
  }

  /**
   * One step of the algorithm for {@code name} in {@code zone}; returns the name to continue with
   * (a CNAME target or a DNAME-synthesised name), or null when the answer is complete.
   */
  private Name step(ZoneData zone, Name name, boolean first) {
    int apexLabels = zone.origin().labels();
    int nameLabels = name.labels();
    Name encloser = zone.origin();
    int encloserLabels = apexLabels;
    int encloserNode = ZoneData.NONE;
    // walk down from the apex: the first cut or DNAME above the name decides (§4.3.2 step 3b)
    for (int labels = apexLabels; labels <= nameLabels; labels++) {
      Name n = labels == nameLabels ? name : new Name(name, nameLabels - labels);
      int node = zone.nodeOf(n);
      if (node == ZoneData.NONE) {
        break; // nothing exists at or below n
      }
      encloser = n;
      encloserLabels = labels;
      encloserNode = node;
      if (labels > apexLabels
          && zone.has(node, Type.NS)
          && !(labels == nameLabels && qtype == Type.DS)) {
        referral(zone, n, zone.rrset(node, Type.NS, n), first);
        return null;
      }
      if (labels < nameLabels) {
        RRset dname = zone.rrset(node, Type.DNAME, n);
        if (dname != null) {
          return substitute(dname, name);
        }
      }
    }
    if (encloserLabels == nameLabels) {
      if (zone.isEmptyNonTerminal(encloserNode)) {
        nodata(zone); // an empty non-terminal exists: NODATA, not NXDOMAIN (RFC 8020)
        return null;
      }
      return fromNode(zone, encloserNode, name);
    }
    // the name does not exist: the wildcard at its closest encloser may (RFC 4592 §3.3.1); one
    // that is only an empty non-terminal has nothing to synthesise from
    int wildcard = zone.nodeOf(wildcardAt(encloser));
    if (wildcard != ZoneData.NONE && !zone.isEmptyNonTerminal(wildcard)) {
      return fromNode(zone, wildcard, name);
    }
    rcode = Rcode.NXDOMAIN;
    authority.add(new RRset(zone.negativeSoa()));
    return null;
  }

  /**
   * The answer from a node that has RRsets, owned by {@code owner}: the query's name, which for a
   * wildcard node synthesises its records (RFC 4592 §2.1.3).
   */
  private Name fromNode(ZoneData zone, int node, Name owner) {
    if (qtype == Type.ANY) {
      // RFC 8482 §4.2: one RRset is a sufficient answer to ANY; take the lowest type
      answer.add(zone.rrset(node, zone.lowestType(node), owner));
      return null;
    }
    RRset exact = zone.rrset(node, qtype, owner);
    if (exact != null) {
      answer.add(exact);
      addTargetAddresses(zone, exact);
      return null;
    }
    RRset cname = zone.rrset(node, Type.CNAME, owner);
    if (cname != null) {
      answer.add(cname);
      return ((CNAMERecord) cname.first()).getTarget();
    }
    nodata(zone);
    return null;
  }

  /** RFC 6672 §2.2: the DNAME, a CNAME synthesised from it, then the new name. */
  private Name substitute(RRset dnameSet, Name name) {
    DNAMERecord dname = (DNAMERecord) dnameSet.first();
    answer.add(dnameSet);
    Name target;
    try {
      target = name.fromDNAME(dname);
    } catch (NameTooLongException e) {
      rcode = Rcode.YXDOMAIN; // RFC 6672 §2.2: the substituted name would be too long
      return null;
    }
    answer.add(new RRset(new CNAMERecord(name, DClass.IN, dname.getTTL(), target)));
    return target;
  }

  /** A referral (RFC 1034 §4.3.2 3b): NS of the cut in authority, glue below it in additional. */
  private void referral(ZoneData zone, Name cut, RRset ns, boolean first) {
    if (first) {
      authoritative = false; // data after a CNAME we own keeps the answer authoritative
    }
    authority.add(ns);
    for (Record r : ns.rrs(false)) {
      Name target = r.getAdditionalName();
      if (target.subdomain(cut)) {
        addAddresses(zone, target);
      }
    }
    glue = additional.size();
  }

  private void nodata(ZoneData zone) {
    authority.add(new RRset(zone.negativeSoa()));
  }

  /** Additional-section processing (RFC 1034 §3.7, RFC 2782): addresses of in-zone targets. */
  private void addTargetAddresses(ZoneData zone, RRset set) {
    int type = set.getType();
    if (type != Type.NS && type != Type.MX && type != Type.SRV) {
      return;
    }
    for (Record r : set.rrs(false)) {
      Name target = r.getAdditionalName();
      if (target != null && target.subdomain(zone.origin()) && !zone.isAtOrBelowCut(target)) {
        addAddresses(zone, target);
      }
    }
  }

  private void addAddresses(ZoneData zone, Name target) {
    if (additionalOwners == null) {
      additionalOwners = new HashSet<>();
    }
    if (!additionalOwners.add(target)) {
      return;
    }
    int node = zone.nodeOf(target);
    if (node == ZoneData.NONE) {
      return;
    }
    for (int type : new int[] {Type.A, Type.AAAA}) {
      RRset set = zone.rrset(node, type, target);
      if (set != null) {
        additional.addAll(set.rrs(false));
      }
    }
  }

  /** {@code *.encloser}; never too long, as the encloser is a proper ancestor of a valid name. */
  private static Name wildcardAt(Name encloser) {
    try {
      return Name.concatenate(WILDCARD, encloser);
    } catch (NameTooLongException e) {
      throw new IllegalStateException(e);
    }
  }
}
