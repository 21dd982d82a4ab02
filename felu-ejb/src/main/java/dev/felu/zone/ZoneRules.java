package dev.felu.zone;

import dev.felu.model.zone.Excerpt;
import dev.felu.model.zone.InvalidRecordException;
import dev.felu.problem.ConflictException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The rules a zone's records keep as a set, beyond each record being valid on its own ({@code
 * RecordInput}): one SOA and only at the apex, and it stays; no record twice; a CNAME alone at its
 * name and never at the apex (RFC 1034 §3.6.2, RFC 2181 §10.1). Plain Java over dnsjava records:
 * the service reads what a rule needs (the records at one owner name) and asks here.
 */
final class ZoneRules {
  private ZoneRules() {}

  /**
   * Refuses {@code r} in a zone whose records at r's owner name (compared case-insensitively) are
   * {@code atName}, the record {@code r} replaces left out: a second identical record, an SOA off
   * the apex or a second SOA, and CNAME beside other data.
   */
  static void checkFits(Name apex, Record r, List<Record> atName) {
    if (r.getType() == Type.SOA && !r.getName().equals(apex)) {
      throw new InvalidRecordException("name", "an SOA record belongs at the zone apex " + apex);
    }
    for (Record o : atName) {
      if (o.getType() == r.getType() && Objects.equals(o.rdataToString(), r.rdataToString())) {
        throw new ConflictException(
            "data", "the record " + RecordText.describe(r) + " already exists");
      }
      if (r.getType() == Type.SOA && o.getType() == Type.SOA) {
        throw new ConflictException("type", "zone " + apex + " already has an SOA record");
      }
      if ((r.getType() == Type.CNAME) != (o.getType() == Type.CNAME)) {
        throw new ConflictException(
            "type", r.getName() + " cannot hold a CNAME and other data (RFC 1034 §3.6.2)");
      }
      if (r.getType() == Type.CNAME) {
        throw new ConflictException(
            "type", r.getName() + " already has a CNAME; a name holds at most one");
      }
    }
  }

  /**
   * Refuses a zone file whose records cannot be one zone's, as {@link #checkFits} refuses them one
   * at a time: the same record twice (with two TTLs), and a CNAME beside other data, the apex's SOA
   * included. The import makes the zone hold exactly these records, so checking the file checks the
   * zone that results.
   */
  static void checkFile(Name apex, Collection<Record> records) {
    List<Record> byOwner = new ArrayList<>(records);
    byOwner.sort(Comparator.comparing(Record::getName));
    for (int i = 0; i < byOwner.size(); ) {
      Name owner = byOwner.get(i).getName();
      int end = i;
      while (end < byOwner.size() && byOwner.get(end).getName().equals(owner)) {
        end++;
      }
      List<Record> at = byOwner.subList(i, end);
      boolean cname = at.stream().anyMatch(r -> r.getType() == Type.CNAME);
      if (cname && (at.size() > 1 || owner.equals(apex))) {
        throw new ConflictException(
            "type",
            Excerpt.of(owner.toString()) + " cannot hold a CNAME and other data (RFC 1034 §3.6.2)");
      }
      Set<String> seen = new HashSet<>();
      for (Record r : at) {
        if (!seen.add(r.getType() + " " + r.rdataToString())) {
          throw new ConflictException(
              "data",
              "the zone file holds "
                  + Excerpt.of(RecordText.describe(r))
                  + " twice (with two TTLs); a zone holds a record once");
        }
      }
      i = end;
    }
  }

  /** The SOA can be edited, but a zone keeps one: it cannot become another type. */
  static void checkReplace(Record existing, Record r) {
    if (existing.getType() == Type.SOA && r.getType() != Type.SOA) {
      throw new InvalidRecordException(
          "type", "the SOA record can be edited but not turned into " + Type.string(r.getType()));
    }
  }

  /** A zone keeps its SOA: only deleting the zone removes it. */
  static void checkDelete(Record existing) {
    if (existing.getType() == Type.SOA) {
      throw new ConflictException(
          "type", "a zone must keep its SOA record; delete the zone instead");
    }
  }

  /**
   * The SOA a zone gets when it is created without one: primary {@code ns1.<zone>}, serial 1,
   * negative TTL 300.
   */
  static SOARecord defaultSoa(Name zone) {
    try {
      return new SOARecord(
          zone,
          DClass.IN,
          3600,
          Name.fromString("ns1", zone),
          Name.fromString("hostmaster", zone),
          1,
          3600,
          600,
          1209600,
          300);
    } catch (TextParseException e) {
      throw new IllegalStateException(e);
    }
  }
}
