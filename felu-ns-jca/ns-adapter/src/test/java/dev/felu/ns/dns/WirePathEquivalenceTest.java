package dev.felu.ns.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.felu.ns.zone.ZoneData;
import dev.felu.ns.zone.ZoneTable;
import dev.felu.ns.zone.Zones;
import dev.felu.protocol.ZoneContent;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The query path's two ways ({@link Responder#respond}: {@link WireQuery}, {@link WireLookup},
 * {@link AnswerWriter}; and {@link Responder#respondThroughMessage}: dnsjava's {@link Message},
 * {@link Lookup} and rendering) give the very same bytes: header, flags, counts, the question in
 * the query's case, every section, name compression, truncation at every UDP size (TC, RRsets kept
 * whole, glue), the OPT record with DO echoed. Many random zones ({@link RandomZones}) and queries,
 * with random EDNS sizes, cookies and now and then something the fast path leaves to dnsjava.
 * {@link CompactZoneEquivalenceTest} in turn holds {@link Responder#respond} to the pre-compact
 * implementation.
 *
 * <p>Reproducible: {@code -Dfelu.equivalence.seed=N}, {@code -Dfelu.equivalence.tables=N}.
 */
class WirePathEquivalenceTest {
  private static final long SEED = Long.getLong("felu.equivalence.seed", 13_2026_12_02L);
  private static final int TABLES = Integer.getInteger("felu.equivalence.tables", 300);
  private static final int QUERIES_PER_TABLE = 300;

  @Test
  void wirePathAnswersEveryQueryByteForByteAsTheMessagePathDoes() {
    Random seeds = new Random(SEED);
    int fast = 0;
    int truncated = 0;
    for (int t = 0; t < TABLES; t++) {
      long seed = seeds.nextLong();
      Random rnd = new Random(seed);
      RandomZones random = new RandomZones(rnd);
      List<ZoneContent> contents = random.zones();
      ZoneTable table = ZoneTable.of(1, contents.stream().map(ZoneData::build).toList());
      Responder responder = new Responder(() -> table, 512 + rnd.nextInt(3000));
      for (int q = 0; q < QUERIES_PER_TABLE; q++) {
        RandomZones.Query query = random.query();
        byte[] wire = vary(query.wire(), rnd);
        boolean udp = query.udp();
        byte[] want = outcome(() -> responder.respondThroughMessage(wire, wire.length, udp));
        byte[] got = outcome(() -> responder.respond(wire, wire.length, udp));
        if (!Arrays.equals(want, got)) {
          fail(
              "table "
                  + t
                  + " (replay: -Dfelu.equivalence.seed="
                  + SEED
                  + "), query "
                  + q
                  + ": "
                  + query.text()
                  + " "
                  + HexFormat.of().formatHex(wire)
                  + "\n--- through Message\n"
                  + text(want)
                  + "\n--- wire path\n"
                  + text(got)
                  + "\n--- zones\n"
                  + random.describe());
        }
        if (new WireQuery().parse(wire, wire.length)) {
          fast++;
        }
        if (got != null && got.length > 2 && (got[2] & 0x02) != 0) {
          truncated++;
        }
      }
    }
    System.out.printf(
        "WirePathEquivalenceTest: %d queries, %d parsed by the wire path, %d truncated%n",
        TABLES * QUERIES_PER_TABLE, fast, truncated);
    assertTrue(fast > TABLES * QUERIES_PER_TABLE / 2, "the wire path took only " + fast);
    assertTrue(truncated > 0, "no truncated answer compared");
  }

  /**
   * Most queries as made; some with a UDP size picked to cut answers anywhere, a cookie, or
   * something the wire path hands to dnsjava (another opcode, a second question count, an unknown
   * option, trailing bytes, EDNS version 1, CHAOS class).
   */
  private static byte[] vary(byte[] wire, Random rnd) {
    try {
      Message m = new Message(wire);
      switch (rnd.nextInt(12)) {
        case 0, 1 -> {
          m.removeAllRecords(Section.ADDITIONAL);
          m.addRecord(
              new OPTRecord(512 + rnd.nextInt(800), 0, 0, rnd.nextBoolean() ? 0x8000 : 0),
              Section.ADDITIONAL);
        }
        case 2 -> {
          m.removeAllRecords(Section.ADDITIONAL);
          byte[] cookie = new byte[rnd.nextBoolean() ? 8 : 24];
          rnd.nextBytes(cookie);
          m.addRecord(
              new OPTRecord(1232, 0, 0, 0, List.<EDNSOption>of(new GenericEDNSOption(10, cookie))),
              Section.ADDITIONAL);
        }
        case 3 -> {
          return switch (rnd.nextInt(7)) {
            case 0 -> {
              m.getHeader().setOpcode(rnd.nextInt(16));
              yield m.toWire();
            }
            case 1 -> {
              m.removeAllRecords(Section.ADDITIONAL);
              m.addRecord(
                  new OPTRecord(
                      1232, 0, 0, 0, List.<EDNSOption>of(new GenericEDNSOption(8, new byte[3]))),
                  Section.ADDITIONAL);
              yield m.toWire();
            }
            case 2 -> {
              byte[] w = m.toWire();
              byte[] longer = Arrays.copyOf(w, w.length + 1 + rnd.nextInt(4));
              yield longer;
            }
            case 3 -> {
              m.removeAllRecords(Section.ADDITIONAL);
              m.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
              yield m.toWire();
            }
            case 4 -> {
              Record question = m.getQuestion();
              m.removeAllRecords(Section.QUESTION);
              m.addRecord(
                  Record.newRecord(question.getName(), question.getType(), DClass.CH),
                  Section.QUESTION);
              yield m.toWire();
            }
            case 5 -> {
              byte[] w = m.toWire();
              w[5] = 2; // QDCOUNT 2 with one question
              yield w;
            }
            default -> {
              m.getHeader().setFlag(Flags.CD);
              m.getHeader().setFlag(Flags.AD);
              yield m.toWire();
            }
          };
        }
        default -> {}
      }
      if (rnd.nextBoolean()) {
        m.getHeader().unsetFlag(Flags.RD);
      }
      return m.toWire();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] outcome(java.util.function.Supplier<byte[]> respond) {
    try {
      return respond.get();
    } catch (RuntimeException e) {
      return ("threw " + e.getClass().getName()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static String text(byte[] wire) {
    if (wire == null) {
      return "dropped";
    }
    try {
      return HexFormat.of().formatHex(wire) + "\n" + new Message(wire);
    } catch (java.io.IOException e) {
      return HexFormat.of().formatHex(wire) + "\nunparseable: " + e;
    }
  }

  /** Names compress against the question and against earlier rdata, in the question's case. */
  @Test
  void keepsTheQuestionsCaseAndCompressesAgainstIt() throws Exception {
    ZoneData zone =
        Zones.zone(
            "example.test.",
            Zones.EXAMPLE + "mx 300 IN MX 10 MAIL.example.test.\nmail 300 IN A 192.0.2.25\n");
    ZoneTable table = ZoneTable.of(1, List.of(zone));
    Responder responder = new Responder(() -> table, 1232);
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString("Mx.EXAMPLE.test."), Type.MX, DClass.IN));
    byte[] wire = query.toWire();
    byte[] got = responder.respond(wire, wire.length, true);
    assertArrayEquals(responder.respondThroughMessage(wire, wire.length, true), got);
    Message answer = new Message(got);
    assertEquals("Mx.EXAMPLE.test.", answer.getQuestion().getName().toString());
    assertEquals(1, answer.getSection(Section.ANSWER).size());
    assertEquals(1, answer.getSection(Section.ADDITIONAL).size());
  }

  /**
   * The corners random zones rarely reach: glue that does not fit 512 bytes (TC on a referral), a
   * DNAME substitution too long for a name (YXDOMAIN), and a TCP answer so long that names lie past
   * offset 0x3FFF, where no compression pointer can reach them.
   */
  @Test
  void matchesTheMessagePathInTheCornersToo() throws Exception {
    StringBuilder zone = new StringBuilder(Zones.EXAMPLE);
    for (int i = 0; i < 20; i++) {
      zone.append("sub 300 IN NS ns").append(i).append(".a-rather-long-label-for-glue.sub\n");
      zone.append("ns").append(i).append(".a-rather-long-label-for-glue.sub 300 IN A 192.0.2.");
      zone.append(i)
          .append("\nns")
          .append(i)
          .append(".a-rather-long-label-for-glue.sub 300 IN AAAA");
      zone.append(" 2001:db8::").append(i).append('\n');
    }
    zone.append("d 300 IN DNAME ").append("x".repeat(60)).append('.').append("y".repeat(60));
    zone.append('.').append("z".repeat(60)).append(".example.test.\n");
    for (int i = 0; i < 1500; i++) {
      zone.append("many 300 IN MX ").append(i).append(" host").append(i).append(".example.test.\n");
    }
    ZoneTable table = ZoneTable.of(1, List.of(Zones.zone("example.test.", zone.toString())));
    Responder responder = new Responder(() -> table, 1232);
    String longPrefix = "a".repeat(63) + ".";
    Object[][] cases = {
      {"www.sub.example.test.", Type.A, true, false},
      {"www.sub.example.test.", Type.A, true, true},
      {"www.sub.example.test.", Type.A, false, false},
      {longPrefix + "b.d.example.test.", Type.A, true, true},
      {"many.example.test.", Type.MX, false, true},
      {"many.example.test.", Type.MX, true, true},
    };
    for (Object[] c : cases) {
      Message m =
          Message.newQuery(Record.newRecord(Name.fromString((String) c[0]), (int) c[1], DClass.IN));
      if ((boolean) c[3]) {
        m.addRecord(new OPTRecord(1232, 0, 0, 0x8000), Section.ADDITIONAL);
      }
      byte[] wire = m.toWire();
      assertTrue(new WireQuery().parse(wire, wire.length), "the wire path takes " + c[0]);
      boolean udp = (boolean) c[2];
      byte[] want = responder.respondThroughMessage(wire, wire.length, udp);
      byte[] got = responder.respond(wire, wire.length, udp);
      assertArrayEquals(want, got, c[0] + (udp ? " UDP" : " TCP") + "\n" + text(want) + text(got));
    }
    byte[] referral = query(responder, "www.sub.example.test.", false, true);
    assertTrue((referral[2] & 0x02) != 0, "TC: the glue did not fit 512 bytes");
    assertEquals(6, query(responder, longPrefix + "b.d.example.test.", true, true)[3] & 0x0F);
    assertTrue(query(responder, "many.example.test.", true, false).length > 0x3FFF);
  }

  private static byte[] query(Responder responder, String name, boolean edns, boolean udp)
      throws Exception {
    int type = name.startsWith("many") ? Type.MX : Type.A;
    Message m = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    if (edns) {
      m.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
    }
    byte[] wire = m.toWire();
    return responder.respond(wire, wire.length, udp);
  }
}
