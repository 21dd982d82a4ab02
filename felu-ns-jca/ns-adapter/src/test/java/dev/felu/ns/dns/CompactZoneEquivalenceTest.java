package dev.felu.ns.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.felu.ns.zone.ZoneData;
import dev.felu.ns.zone.ZoneTable;
import dev.felu.protocol.ZoneContent;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The compact zone table answers as the hash-map table it replaced did: many random zones ({@link
 * RandomZones}), many random queries each, and every whole response compared — dropped or not,
 * header (flags, rcode, counts), question, and the answer, authority and additional sections record
 * by record in order (TTL, class, type, data in its case), and the wire length, so truncation and
 * name compression are compared too. The reference is the old implementation kept in the tests
 * ({@link ReferenceResponder}, {@link ReferenceLookup}, {@link ReferenceZone}).
 *
 * <p>Owner names are compared without regard to case: the compact table does not keep the zone's
 * case of owner names, and a record's owner takes the case of the name it was reached by (the
 * question's, or the record data's that pointed to it). On the wire this almost never shows, as the
 * owner is compressed to a pointer at that very name.
 *
 * <p>Reproducible: {@code -Dfelu.equivalence.seed=N} replays a run, {@code
 * -Dfelu.equivalence.tables=N} makes it longer.
 */
class CompactZoneEquivalenceTest {
  private static final long SEED = Long.getLong("felu.equivalence.seed", 13_2026_12_01L);
  private static final int TABLES = Integer.getInteger("felu.equivalence.tables", 300);
  private static final int QUERIES_PER_TABLE = 300;

  @Test
  void compactTableAnswersEveryQueryAsTheHashMapTableDid() {
    Random seeds = new Random(SEED);
    int compared = 0;
    int sameBytes = 0;
    for (int t = 0; t < TABLES; t++) {
      long seed = seeds.nextLong();
      RandomZones random = new RandomZones(new Random(seed));
      List<ZoneContent> contents = random.zones();
      ZoneTable table = ZoneTable.of(1, contents.stream().map(ZoneData::build).toList());
      Responder compact = new Responder(() -> table, 1232);
      ReferenceResponder reference =
          new ReferenceResponder(contents.stream().map(ReferenceZone::build).toList(), 1232);
      for (int q = 0; q < QUERIES_PER_TABLE; q++) {
        RandomZones.Query query = random.query();
        byte[] wire = query.wire();
        Outcome want = outcome(() -> reference.respond(wire, wire.length, query.udp()));
        Outcome got = outcome(() -> compact.respond(wire, wire.length, query.udp()));
        if (!want.text().equals(got.text())) {
          fail(
              "table "
                  + t
                  + " (seed "
                  + SEED
                  + ", replay: -Dfelu.equivalence.seed="
                  + SEED
                  + "), query "
                  + q
                  + ": "
                  + query.text()
                  + "\n--- reference\n"
                  + want.text()
                  + "\n--- compact\n"
                  + got.text()
                  + "\n--- zones\n"
                  + random.describe());
        }
        compared++;
        if (want.wire() != null && java.util.Arrays.equals(want.wire(), got.wire())) {
          sameBytes++;
        }
      }
    }
    System.out.printf(
        "CompactZoneEquivalenceTest: %d tables, %d queries, %d responses byte for byte the same%n",
        TABLES, compared, sameBytes);
    assertEquals(TABLES * QUERIES_PER_TABLE, compared);
  }

  /** A response as text to compare, and its wire form (null when dropped or failed). */
  private record Outcome(String text, byte[] wire) {}

  private static Outcome outcome(Supplier<byte[]> respond) {
    byte[] wire;
    try {
      wire = respond.get();
    } catch (RuntimeException e) {
      return new Outcome("threw " + e.getClass().getName(), null);
    }
    if (wire == null) {
      return new Outcome("dropped", null);
    }
    Message m;
    try {
      m = new Message(wire);
    } catch (java.io.IOException e) {
      return new Outcome("unparseable: " + e, wire);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(m.getHeader()).append("\nlength ").append(wire.length).append('\n');
    for (int section : new int[] {Section.QUESTION, Section.ANSWER, Section.AUTHORITY}) {
      appendSection(sb, m, section);
    }
    appendSection(sb, m, Section.ADDITIONAL);
    return new Outcome(sb.toString(), wire);
  }

  private static void appendSection(StringBuilder sb, Message m, int section) {
    sb.append(";; ").append(Section.string(section)).append('\n');
    for (Record r : m.getSection(section)) {
      sb.append(section == Section.QUESTION ? r.getName().toString() : owner(r))
          .append(' ')
          .append(r.getTTL())
          .append(' ')
          .append(r.getDClass())
          .append(' ')
          .append(r.getType())
          .append(' ')
          .append(r.rdataToString())
          .append('\n');
    }
  }

  private static String owner(Record r) {
    return r.getName().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
