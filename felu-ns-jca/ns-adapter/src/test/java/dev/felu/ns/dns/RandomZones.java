package dev.felu.ns.dns;

import dev.felu.ns.zone.Zones;
import dev.felu.protocol.ZoneContent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Random zones and queries for {@link CompactZoneEquivalenceTest}, from one seeded {@link Random}:
 * the same seed gives the same zones and queries. The zones are small and dense on purpose, so that
 * the cases the lookup algorithm distinguishes come up often: names sharing few labels (empty
 * non-terminals), wildcards at several depths (also inside names, making empty non-terminals of
 * wildcards), delegations with glue below and beside the cut and data occluded under it, a child
 * zone served beside its parent, CNAME chains and loops, DNAMEs, names in mixed case in owners and
 * data, RRsets with differing TTLs, duplicates, RRSIGs (also without the RRset they cover) and an
 * unknown type.
 */
final class RandomZones {
  private static final String[] LABELS = {"a", "b", "c", "www", "mail", "ns", "x", "_tcp", "deep"};
  private static final int[] QTYPES = {
    Type.A,
    Type.AAAA,
    Type.MX,
    Type.TXT,
    Type.CNAME,
    Type.NS,
    Type.SOA,
    Type.DS,
    Type.ANY,
    Type.SRV,
    Type.DNAME,
    Type.RRSIG,
    Type.PTR,
    65000,
    Type.AXFR
  };

  private final Random rnd;

  /** Zone origin → zone-file text, in the order they were made. */
  private final Map<String, String> files = new LinkedHashMap<>();

  /** Every owner name written, relative to its zone's origin, and the origin; for queries. */
  private final List<String[]> owners = new ArrayList<>();

  RandomZones(Random rnd) {
    this.rnd = rnd;
  }

  /** A parent zone, sometimes a child zone delegated from it, sometimes an unrelated zone. */
  List<ZoneContent> zones() {
    String parent = "z" + rnd.nextInt(3) + ".test.";
    boolean child = rnd.nextInt(3) == 0;
    files.put(parent, zoneFile(parent, child ? "child" : null));
    if (child) {
      files.put("child." + parent, zoneFile("child." + parent, null));
    }
    if (rnd.nextInt(4) == 0) {
      files.put("other.test.", zoneFile("other.test.", null));
    }
    List<ZoneContent> contents = new ArrayList<>();
    files.forEach((origin, text) -> contents.add(Zones.content(origin, text)));
    return contents;
  }

  /** The zone files, for a failure message. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    files.forEach((origin, text) -> sb.append("; zone ").append(origin).append('\n').append(text));
    return sb.toString();
  }

  private String zoneFile(String origin, String delegatedChild) {
    StringBuilder z = new StringBuilder();
    int minimum = pick(60, 300, 3600);
    z.append("@ ")
        .append(pick(300, 3600))
        .append(" IN SOA ns.")
        .append(origin)
        .append(" hostmaster 1 3600 600 604800 ")
        .append(minimum)
        .append('\n');
    z.append("@ 3600 IN NS ").append(mixCase("ns")).append('\n');
    z.append("ns 3600 IN A 192.0.2.53\n");
    if (rnd.nextBoolean()) {
      z.append("@ 3600 IN NS ns.elsewhere.test.\n");
    }
    if (delegatedChild != null) {
      z.append(delegatedChild).append(" 3600 IN NS ns.").append(delegatedChild).append('\n');
      z.append("ns.").append(delegatedChild).append(" 3600 IN A 192.0.2.99\n");
    }
    List<String> names = new ArrayList<>();
    int count = 5 + rnd.nextInt(25);
    for (int i = 0; i < count; i++) {
      names.add(randomName());
    }
    for (String name : names) {
      owners.add(new String[] {name, origin});
      int records = 1 + rnd.nextInt(3);
      for (int i = 0; i < records; i++) {
        String line = record(mixCase(name), names, origin);
        z.append(line);
        if (rnd.nextInt(15) == 0) {
          z.append(line); // a duplicate
        }
      }
    }
    owners.add(new String[] {"", origin});
    return z.toString();
  }

  /** One to four labels; a wildcard label now and then, mostly leftmost (RFC 4592). */
  private String randomName() {
    int depth = 1 + rnd.nextInt(rnd.nextInt(4) + 1);
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < depth; i++) {
      labels.add(LABELS[rnd.nextInt(LABELS.length)]);
    }
    int star = rnd.nextInt(10);
    if (star < 2) {
      labels.set(0, "*");
    } else if (star == 2 && depth > 1) {
      labels.set(1, "*");
    }
    return String.join(".", labels);
  }

  private String record(String owner, List<String> names, String origin) {
    int ttl = pick(0, 60, 300, 3600);
    String head = owner + " " + ttl + " IN ";
    switch (rnd.nextInt(13)) {
      case 0, 1:
        return head + "A 192.0.2." + rnd.nextInt(256) + "\n";
      case 2:
        return head + "AAAA 2001:db8::" + Integer.toHexString(rnd.nextInt(65536)) + "\n";
      case 3:
        return head + "MX " + rnd.nextInt(50) + " " + target(names, origin) + "\n";
      case 4:
        return head + "TXT " + text() + "\n";
      case 5, 6:
        return head + "CNAME " + target(names, origin) + "\n";
      case 7:
        {
          // a delegation: glue below the cut, an address occluded by it, a target beside it
          StringBuilder d = new StringBuilder();
          String ns = mixCase("ns") + "." + owner;
          d.append(head).append("NS ").append(ns).append('\n');
          d.append(ns).append(' ').append(ttl).append(" IN A 192.0.2.").append(rnd.nextInt(256));
          d.append('\n');
          if (rnd.nextBoolean()) {
            d.append(ns).append(" 60 IN AAAA 2001:db8::").append(rnd.nextInt(100)).append('\n');
          }
          if (rnd.nextBoolean()) {
            d.append(head).append("NS ").append(target(names, origin)).append('\n');
          }
          if (rnd.nextBoolean()) {
            d.append("www.").append(owner).append(" 300 IN A 192.0.2.7\n");
          }
          return d.toString();
        }
      case 8:
        return head + "DNAME " + target(names, origin) + "\n";
      case 9:
        return head
            + "SRV "
            + rnd.nextInt(10)
            + " "
            + rnd.nextInt(10)
            + " 53 "
            + target(names, origin)
            + "\n";
      case 10:
        return head + "TYPE65000 \\# 2 " + String.format("%04x", rnd.nextInt(65536)) + "\n";
      case 11:
        if (rnd.nextInt(4) > 0) {
          return head + "AAAA 2001:db8::1\n";
        }
        return head
            + "RRSIG "
            + Type.string(pick(Type.A, Type.TXT, Type.CNAME, Type.NS, Type.MX))
            + " 8 2 300 20300101000000 20200101000000 "
            + rnd.nextInt(65536)
            + " "
            + origin
            + " AQIDBA==\n";
      default:
        // the same RRset with another TTL: RFC 2181 §5.2 makes them one TTL
        return head + "A 192.0.2." + rnd.nextInt(4) + "\n";
    }
  }

  /** A name in this zone (existing or not, in any case), the apex, or one outside. */
  private String target(List<String> names, String origin) {
    return switch (rnd.nextInt(6)) {
      case 0 -> "@";
      case 1 -> mixCase("nothere." + origin);
      case 2 -> "www.elsewhere.test.";
      default -> mixCase(names.get(rnd.nextInt(names.size())).replace("*", "w"));
    };
  }

  /** Short text mostly; sometimes long enough that the answer must be truncated over UDP. */
  private String text() {
    if (rnd.nextInt(4) == 0) {
      String chunk = "\"" + "t".repeat(250) + "\" ";
      return chunk.repeat(1 + rnd.nextInt(5));
    }
    return "\"" + mixCase("text " + rnd.nextInt(100)) + "\"";
  }

  /** A query, as wire bytes, for a name near the zones' data. */
  Query query() {
    String[] owner = owners.get(rnd.nextInt(owners.size()));
    String relative = owner[0];
    String origin = owner[1];
    String name =
        switch (rnd.nextInt(7)) {
          case 0 -> relative.replace("*", LABELS[rnd.nextInt(LABELS.length)]); // under a wildcard
          case 1 -> relative.isEmpty() ? "q" : "q." + relative; // below an existing name
          case 2 -> relative.substring(relative.indexOf('.') + 1); // its parent (itself if none)
          case 3 -> "";
          default -> relative;
        };
    String absolute =
        rnd.nextInt(20) == 0 ? "outside.invalid." : name.isEmpty() ? origin : name + "." + origin;
    int qtype = QTYPES[rnd.nextInt(QTYPES.length)];
    try {
      Message m =
          Message.newQuery(Record.newRecord(Name.fromString(mixCase(absolute)), qtype, DClass.IN));
      int edns = rnd.nextInt(4);
      if (edns > 0) {
        int payload = edns == 1 ? 512 : edns == 2 ? 1232 : 4096;
        m.addRecord(
            new OPTRecord(payload, 0, 0, rnd.nextBoolean() ? 0x8000 : 0), Section.ADDITIONAL);
      }
      boolean udp = rnd.nextInt(3) > 0;
      return new Query(
          m.toWire(), udp, (udp ? "UDP " : "TCP ") + m.getQuestion() + " edns=" + edns);
    } catch (TextParseException e) {
      throw new IllegalStateException(e);
    }
  }

  record Query(byte[] wire, boolean udp, String text) {}

  /** Half the names keep the case they were made in; the others get random upper-case letters. */
  private String mixCase(String s) {
    if (rnd.nextBoolean()) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      sb.append(rnd.nextInt(3) == 0 ? Character.toUpperCase(c) : c);
    }
    return sb.toString();
  }

  private int pick(int... values) {
    return values[rnd.nextInt(values.length)];
  }
}
