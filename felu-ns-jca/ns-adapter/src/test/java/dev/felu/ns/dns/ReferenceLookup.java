package dev.felu.ns.dns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * The reference for {@link Lookup}: the algorithm as it was before issue 13, over {@link
 * ReferenceZone}. The authoritative part of the RFC 1034 §4.3.2 algorithm for one IN-class
 * question: zone cuts (referrals with glue), DNAME substitution (RFC 6672), exact matches, CNAME
 * chains inside the zone, wildcards (RFC 4592), negative answers (RFC 2308) and additional-section
 * processing for NS, MX and SRV targets.
 *
 * <p>Work per query is proportional to the number of labels in the names involved, never to the
 * size of the zone: every step is a hash lookup in the immutable {@link ReferenceZone}.
 */
final class ReferenceLookup {
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

  private ReferenceLookup(int qtype) {
    this.qtype = qtype;
  }

  /** Resolves an IN-class question; REFUSED when no served zone contains the name. */
  static ReferenceLookup resolve(ReferenceResponder table, Name qname, int qtype) {
    ReferenceLookup l = new ReferenceLookup(qtype);
    ReferenceZone zone = zoneFor(table, qname, qtype);
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
  private static ReferenceZone zoneFor(ReferenceResponder table, Name qname, int qtype) {
    ReferenceZone zone = table.findZone(qname);
    if (zone != null && qtype == Type.DS && qname.equals(zone.origin()) && qname.labels() > 1) {
      ReferenceZone parent = table.findZone(new Name(qname, 1));
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
  private Name step(ReferenceZone zone, Name name, boolean first) {
    int apexLabels = zone.origin().labels();
    int nameLabels = name.labels();
    Name encloser = zone.origin();
    // walk down from the apex: the first cut or DNAME above the name decides (§4.3.2 step 3b)
    for (int labels = apexLabels; labels <= nameLabels; labels++) {
      Name n = labels == nameLabels ? name : new Name(name, nameLabels - labels);
      Map<Integer, RRset> node = zone.node(n);
      if (labels > apexLabels) {
        if (node == null && !zone.isEmptyNonTerminal(n)) {
          break; // nothing exists at or below n
        }
        encloser = n;
        if (node != null
            && node.containsKey(Type.NS)
            && !(labels == nameLabels && qtype == Type.DS)) {
          referral(zone, n, node.get(Type.NS), first);
          return null;
        }
      }
      if (node != null && labels < nameLabels) {
        RRset dname = node.get(Type.DNAME);
        if (dname != null) {
          return substitute(dname, name);
        }
      }
    }
    if (encloser.equals(name)) {
      Map<Integer, RRset> node = zone.node(name);
      if (node == null) {
        nodata(zone); // an empty non-terminal exists: NODATA, not NXDOMAIN (RFC 8020)
        return null;
      }
      return fromNode(zone, node, name, false);
    }
    // the name does not exist: the wildcard at its closest encloser may (RFC 4592 §3.3.1)
    Map<Integer, RRset> wildcard = zone.node(wildcardAt(encloser));
    if (wildcard != null) {
      return fromNode(zone, wildcard, name, true);
    }
    rcode = Rcode.NXDOMAIN;
    authority.add(new RRset(zone.negativeSoa()));
    return null;
  }

  private Name fromNode(
      ReferenceZone zone, Map<Integer, RRset> node, Name owner, boolean synthesise) {
    if (qtype == Type.ANY) {
      // RFC 8482 §4.2: one RRset is a sufficient answer to ANY; take the lowest type
      RRset chosen = null;
      for (RRset set : node.values()) {
        if (chosen == null || set.getType() < chosen.getType()) {
          chosen = set;
        }
      }
      answer.add(synthesise ? rename(chosen, owner) : chosen);
      return null;
    }
    RRset exact = node.get(qtype);
    if (exact != null) {
      answer.add(synthesise ? rename(exact, owner) : exact);
      addTargetAddresses(zone, exact);
      return null;
    }
    RRset cname = node.get(Type.CNAME);
    if (cname != null) {
      answer.add(synthesise ? rename(cname, owner) : cname);
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
  private void referral(ReferenceZone zone, Name cut, RRset ns, boolean first) {
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

  private void nodata(ReferenceZone zone) {
    authority.add(new RRset(zone.negativeSoa()));
  }

  /** Additional-section processing (RFC 1034 §3.7, RFC 2782): addresses of in-zone targets. */
  private void addTargetAddresses(ReferenceZone zone, RRset set) {
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

  private void addAddresses(ReferenceZone zone, Name target) {
    if (additionalOwners == null) {
      additionalOwners = new HashSet<>();
    }
    if (!additionalOwners.add(target)) {
      return;
    }
    Map<Integer, RRset> node = zone.node(target);
    if (node == null) {
      return;
    }
    for (int type : new int[] {Type.A, Type.AAAA}) {
      RRset set = node.get(type);
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

  private static RRset rename(RRset set, Name owner) {
    RRset renamed = new RRset();
    for (Record r : set.rrs(false)) {
      renamed.addRR(r.withName(owner));
    }
    return renamed;
  }
}
