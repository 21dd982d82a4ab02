package dev.felu.fleet;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic zone set for comparing felu's nameserver with Knot (issue 13, "How to measure"):
 * {@code zones} zones of exactly {@code recordsPerZone} records each, every one with an apex SOA
 * and two NS with their addresses, a wildcard ({@code *.w}), delegations (an NS below a cut and its
 * glue, so that queries under them get referrals), CNAMEs to hosts of the zone and hosts with A
 * (and, every fourth, AAAA) records; and a dnsperf query file with a fixed mix of answers ({@link
 * Kind}). Record data and the queries come from one seeded {@link Random}: the same seed gives the
 * same files, byte for byte, so two runs (and felu and Knot in one run) see the same set.
 *
 * <p>Addresses are from 198.18.0.0/15 (RFC 2544, benchmarking) and 2001:db8::/32 (RFC 3849): data
 * only, nothing here sends traffic to them.
 */
final class BenchZones {
  /** Parent of every zone of the set: {@code z0000.perf.test.}, … */
  static final String SUFFIX = ".perf.test.";

  static final int SMALL_ZONES = 10;
  static final int SMALL_RECORDS = 100;
  static final int LARGE_ZONES = 1000;
  static final int LARGE_RECORDS = 1000;

  /** The fewest records a zone of the set can have: apex, wildcard, one delegation, one CNAME. */
  static final int MIN_RECORDS = 20;

  /** What a query of the mix is answered with. */
  enum Kind {
    /** an existing name and type: an answer (the "80 % existing" with {@link #REFERRAL}) */
    EXISTING(75),
    /** a name below a delegation: a referral (NS and glue), counted among the existing names */
    REFERRAL(5),
    /** a name that does not exist: NXDOMAIN with the SOA */
    NXDOMAIN(10),
    /** an existing name, a type it does not have: NODATA with the SOA */
    NODATA(5),
    /** a CNAME to a host of the zone: the CNAME and the host's A */
    CNAME(3),
    /** a name the wildcard {@code *.w} synthesises */
    WILDCARD(2);

    /** Share of the queries, in percent. */
    final int percent;

    Kind(int percent) {
      this.percent = percent;
    }
  }

  /** One line of the query file. */
  record Query(String name, String type, Kind kind) {
    String line() {
      return name + " " + type;
    }
  }

  private final long seed;
  private final String suffix;
  private final int zones;
  private final int recordsPerZone;
  private final int delegations;
  private final int cnames;
  private final int hosts;

  BenchZones(long seed, int zones, int recordsPerZone) {
    this(seed, zones, recordsPerZone, SUFFIX);
  }

  /**
   * A set under another parent ({@code suffix}, e.g. {@code .axfr.test.}), so that sets of one
   * fleet do not share zone names.
   */
  BenchZones(long seed, int zones, int recordsPerZone, String suffix) {
    if (!suffix.startsWith(".") || !suffix.endsWith(".") || suffix.length() < 3) {
      throw new IllegalArgumentException("a suffix is \".name.\", not " + suffix);
    }
    if (zones < 1 || zones > 99_999) {
      throw new IllegalArgumentException("zones must be 1…99999, not " + zones);
    }
    if (recordsPerZone < MIN_RECORDS) {
      throw new IllegalArgumentException(
          "a zone of the set needs at least " + MIN_RECORDS + " records, not " + recordsPerZone);
    }
    this.seed = seed;
    this.suffix = suffix;
    this.zones = zones;
    this.recordsPerZone = recordsPerZone;
    this.delegations = Math.max(1, recordsPerZone / 50);
    this.cnames = Math.max(1, recordsPerZone / 20);
    int left = recordsPerZone - FIXED - 2 * delegations - cnames;
    int h = 0;
    while (left > 0) {
      left -= hasAaaa(h) ? Math.min(2, left) : 1;
      h++;
    }
    this.hosts = h;
  }

  /** SOA, two apex NS, their two addresses, the wildcard. */
  private static final int FIXED = 6;

  static BenchZones small(long seed) {
    return new BenchZones(seed, SMALL_ZONES, SMALL_RECORDS);
  }

  static BenchZones large(long seed) {
    return new BenchZones(seed, LARGE_ZONES, LARGE_RECORDS);
  }

  int zones() {
    return zones;
  }

  int recordsPerZone() {
    return recordsPerZone;
  }

  long records() {
    return (long) zones * recordsPerZone;
  }

  /** The zone's name, absolute, e.g. {@code z0007.perf.test.}. */
  String zoneName(int z) {
    return String.format("z%04d", z) + suffix;
  }

  List<String> zoneNames() {
    List<String> names = new ArrayList<>(zones);
    for (int z = 0; z < zones; z++) {
      names.add(zoneName(z));
    }
    return names;
  }

  /** The file a zone is written to: its name without the final dot, then {@code .zone}. */
  static String fileName(String zone) {
    return zone.substring(0, zone.length() - 1) + ".zone";
  }

  private static boolean hasAaaa(int host) {
    return host % 4 == 0;
  }

  /** The zone as a master file (RFC 1035 §5): relative names under {@code $ORIGIN}. */
  String zoneFile(int z) {
    Random random = new Random(seed * 1_000_003L + z);
    StringBuilder f = new StringBuilder(recordsPerZone * 32);
    f.append("$ORIGIN ").append(zoneName(z)).append('\n');
    f.append("$TTL 3600\n");
    f.append("@ 3600 IN SOA ns1 hostmaster 1 3600 600 1209600 300\n");
    f.append("@ 3600 IN NS ns1\n");
    f.append("@ 3600 IN NS ns2\n");
    f.append("ns1 3600 IN A ").append(v4(random)).append('\n');
    f.append("ns2 3600 IN A ").append(v4(random)).append('\n');
    f.append("*.w 300 IN A ").append(v4(random)).append('\n');
    for (int d = 0; d < delegations; d++) {
      f.append("d").append(d).append(" 3600 IN NS ns.d").append(d).append('\n');
      f.append("ns.d").append(d).append(" 3600 IN A ").append(v4(random)).append('\n');
    }
    for (int c = 0; c < cnames; c++) {
      f.append("c").append(c).append(" 300 IN CNAME h").append(random.nextInt(hosts));
      f.append('\n');
    }
    int left = recordsPerZone - FIXED - 2 * delegations - cnames;
    for (int h = 0; left > 0; h++) {
      f.append("h").append(h).append(" 300 IN A ").append(v4(random)).append('\n');
      left--;
      if (hasAaaa(h) && left > 0) {
        f.append("h").append(h).append(" 300 IN AAAA ").append(v6(random)).append('\n');
        left--;
      }
    }
    return f.toString();
  }

  private static String v4(Random r) {
    return "198." + (18 + r.nextInt(2)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
  }

  private static String v6(Random r) {
    return "2001:db8:"
        + Integer.toHexString(r.nextInt(0x10000))
        + "::"
        + Integer.toHexString(1 + r.nextInt(0xffff));
  }

  /**
   * {@code count} queries in the mix of {@link Kind}: each kind's exact share (rounded down; the
   * rest are {@link Kind#EXISTING}), in a seeded random order over random zones.
   */
  List<Query> queries(int count) {
    Random random = new Random(seed ^ 0x5DEECE66DL);
    List<Kind> kinds = new ArrayList<>(count);
    Map<Kind, Integer> counts = counts(count);
    counts.forEach((kind, n) -> kinds.addAll(Collections.nCopies(n, kind)));
    Collections.shuffle(kinds, random);
    List<Query> queries = new ArrayList<>(count);
    for (Kind kind : kinds) {
      String zone = zoneName(random.nextInt(zones));
      queries.add(
          switch (kind) {
            case EXISTING -> {
              int h = random.nextInt(hosts);
              yield new Query(
                  "h" + h + "." + zone, hasAaaa(h) && random.nextBoolean() ? "AAAA" : "A", kind);
            }
            case REFERRAL ->
                new Query("www.d" + random.nextInt(delegations) + "." + zone, "A", kind);
            case NXDOMAIN -> new Query("nx" + random.nextInt(1_000_000) + "." + zone, "A", kind);
            case NODATA -> new Query("h" + random.nextInt(hosts) + "." + zone, "TXT", kind);
            case CNAME -> new Query("c" + random.nextInt(cnames) + "." + zone, "A", kind);
            case WILDCARD -> new Query("q" + random.nextInt(1_000_000) + ".w." + zone, "A", kind);
          });
    }
    return queries;
  }

  /** How many of {@code count} queries each kind gets. */
  static Map<Kind, Integer> counts(int count) {
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    int rest = count;
    for (Kind kind : Kind.values()) {
      if (kind != Kind.EXISTING) {
        int n = (int) ((long) count * kind.percent / 100);
        counts.put(kind, n);
        rest -= n;
      }
    }
    counts.put(Kind.EXISTING, rest);
    return counts;
  }

  /**
   * Writes the zone files into {@code dir/zones} (one per zone, {@link #fileName}) and {@code
   * queries} queries into {@code dir/queries.txt} (dnsperf's input: "name type" a line); returns
   * the query file.
   */
  Path write(Path dir, int queries) throws IOException {
    Path zoneDir = zonesDir(dir);
    Files.createDirectories(zoneDir);
    for (int z = 0; z < zones; z++) {
      Files.writeString(zoneDir.resolve(fileName(zoneName(z))), zoneFile(z));
    }
    Path file = dir.resolve("queries.txt");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      for (Query q : queries(queries)) {
        out.write(q.line());
        out.write('\n');
      }
    }
    return file;
  }

  static Path zonesDir(Path dir) {
    return dir.resolve("zones");
  }
}
