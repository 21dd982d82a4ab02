package dev.felu.ns.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base16;

/**
 * An RRset reduced to what the conformance comparison looks at: owner (case-insensitive), class,
 * type, the set of rdatas in canonical wire form (RFC 4034 §6.2) and the TTL. Rdata is never
 * compared as text, because dnsjava and the reference print several types differently (AAAA, HTTPS,
 * unknown types).
 *
 * @param ttls the TTLs seen on the RRset's records (one, unless the records disagree); empty when
 *     unknown
 * @param rdatas canonical rdata (hex) → presentation form
 */
record RRsetText(
    String owner, int dclass, int type, List<Long> ttls, SortedMap<String, String> rdatas) {

  /** Owner, class and type: what identifies an RRset within a section. */
  String key() {
    return owner.toLowerCase(Locale.ROOT) + " " + DClass.string(dclass) + " " + Type.string(type);
  }

  String ttlText() {
    return ttls.isEmpty() ? "?" : ttls.size() == 1 ? ttls.get(0).toString() : ttls.toString();
  }

  @Override
  public String toString() {
    return owner
        + " "
        + ttlText()
        + " "
        + DClass.string(dclass)
        + " "
        + Type.string(type)
        + " "
        + String.join(" | ", rdatas.values());
  }

  /**
   * Parses the reference form {@code owner class type rdata | rdata …}.
   *
   * @param ttl the RRset's TTL, or null when the reference gives none
   */
  static RRsetText fromReference(String text, Long ttl) {
    String[] head = text.trim().split("\\s+", 4);
    if (head.length < 4) {
      throw new IllegalArgumentException("not 'owner class type rdata': " + text);
    }
    SortedMap<String, String> rdatas = new TreeMap<>();
    int dclass = 0;
    int type = 0;
    for (String rdata : splitRdatas(head[3])) {
      Record r = record(head[0], ttl == null ? 0 : ttl, head[1], head[2], rdata);
      dclass = r.getDClass();
      type = r.getType();
      // keep the reference's own text for messages: dnsjava prints AAAA, HTTPS … differently
      rdatas.put(base16.toString(r.rdataToWireCanonical()), rdata);
    }
    return new RRsetText(head[0], dclass, type, ttl == null ? List.of() : List.of(ttl), rdatas);
  }

  /** Parses {@code owner ttl class type rdata} (one record). */
  static Record fromRecordLine(String text) {
    String[] f = text.trim().split("\\s+", 5);
    if (f.length < 5) {
      throw new IllegalArgumentException("not 'owner ttl class type rdata': " + text);
    }
    return record(f[0], Long.parseLong(f[1]), f[2], f[3], f[4]);
  }

  private static Record record(String owner, long ttl, String dclass, String type, String rdata) {
    int c = DClass.value(dclass);
    int t = Type.value(type);
    if (c < 0 || t < 0) {
      throw new IllegalArgumentException("unknown class or type in: " + dclass + " " + type);
    }
    try {
      return Record.fromString(Name.fromString(owner), t, c, ttl, rdata, Name.root);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot parse rdata of " + owner + " " + type + ": " + rdata, e);
    }
  }

  /** Groups records into RRsets, in order of first appearance. */
  static List<RRsetText> group(Collection<Record> records) {
    Map<String, RRsetText> sets = new LinkedHashMap<>();
    for (Record r : records) {
      RRsetText one =
          new RRsetText(
              r.getName().toString(),
              r.getDClass(),
              r.getType(),
              new ArrayList<>(),
              new TreeMap<>());
      RRsetText set = sets.computeIfAbsent(one.key(), k -> one);
      if (!set.ttls().contains(r.getTTL())) {
        set.ttls().add(r.getTTL());
      }
      set.rdatas().put(base16.toString(r.rdataToWireCanonical()), r.rdataToString());
    }
    return new ArrayList<>(sets.values());
  }

  /** Splits {@code a | b | c} at bars outside quoted strings. */
  private static List<String> splitRdatas(String s) {
    List<String> out = new ArrayList<>();
    boolean inQuotes = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        inQuotes = !inQuotes;
      } else if (c == '|' && !inQuotes) {
        out.add(s.substring(start, i).trim());
        start = i + 1;
      }
    }
    out.add(s.substring(start).trim());
    return out;
  }

  /** True when both have the same owner, class, type and rdatas (TTL aside). */
  boolean sameData(RRsetText o) {
    return key().equals(o.key()) && rdatas.keySet().equals(o.rdatas.keySet());
  }
}
