package dev.felu.ns.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.zone.ZoneTable;
import dev.felu.ns.zone.Zones;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class ResponderTest {
  private final ZoneTable table =
      ZoneTable.of(1, List.of(Zones.zone("example.test.", Zones.EXAMPLE)));
  private final Responder responder = new Responder(() -> table, 1232);

  private Message ask(String name, int type) throws Exception {
    return ask(query(name, type), true);
  }

  private static Message query(String name, int type) throws Exception {
    return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
  }

  private Message ask(Message query, boolean udp) throws Exception {
    byte[] wire = query.toWire();
    byte[] out = responder.respond(wire, wire.length, udp);
    assertNotNull(out, "expected an answer");
    Message r = new Message(out);
    assertEquals(query.getHeader().getID(), r.getHeader().getID());
    assertTrue(r.getHeader().getFlag(Flags.QR));
    return r;
  }

  @Test
  void answersAnExistingRecordAuthoritatively() throws Exception {
    Message r = ask("www.example.test.", Type.A);
    assertEquals(Rcode.NOERROR, r.getRcode());
    assertTrue(r.getHeader().getFlag(Flags.AA));
    List<Record> answer = r.getSection(Section.ANSWER);
    assertEquals(1, answer.size());
    assertEquals("192.0.2.10", ((ARecord) answer.get(0)).getAddress().getHostAddress());
    assertEquals(300, answer.get(0).getTTL());
  }

  @Test
  void answersNxdomainWithSoaInAuthorityAtNegativeTtl() throws Exception {
    Message r = ask("nope.example.test.", Type.A);
    assertEquals(Rcode.NXDOMAIN, r.getRcode());
    assertTrue(r.getHeader().getFlag(Flags.AA));
    assertTrue(r.getSection(Section.ANSWER).isEmpty());
    SOARecord soa = (SOARecord) r.getSection(Section.AUTHORITY).get(0);
    assertEquals(300, soa.getTTL()); // min(3600, minimum 300)
  }

  @Test
  void answersNodataForAnExistingNameAndForAnEmptyNonTerminal() throws Exception {
    for (String name : List.of("www.example.test.", "b.c.example.test.", "c.example.test.")) {
      Message r = ask(name, Type.AAAA);
      assertEquals(Rcode.NOERROR, r.getRcode(), name);
      assertTrue(r.getSection(Section.ANSWER).isEmpty(), name);
      assertEquals(Type.SOA, r.getSection(Section.AUTHORITY).get(0).getType(), name);
    }
  }

  @Test
  void followsCnameInsideTheZoneAndStopsAtLoopsAndOutOfZoneTargets() throws Exception {
    Message r = ask("alias.example.test.", Type.A);
    assertEquals(
        List.of(Type.CNAME, Type.A),
        r.getSection(Section.ANSWER).stream().map(Record::getType).toList());

    Message loop = ask("loop1.example.test.", Type.A);
    assertEquals(2, loop.getSection(Section.ANSWER).size());

    Message out = ask("out.example.test.", Type.A);
    assertEquals(1, out.getSection(Section.ANSWER).size());
    assertEquals(Rcode.NOERROR, out.getRcode());
  }

  @Test
  void refusesNamesOutsideServedZonesAndOtherClasses() throws Exception {
    assertEquals(Rcode.REFUSED, ask("www.other.test.", Type.A).getRcode());
    Message chaos =
        Message.newQuery(Record.newRecord(Name.fromString("www.example.test."), Type.A, DClass.CH));
    assertEquals(Rcode.REFUSED, ask(chaos, true).getRcode());
    assertEquals(Rcode.REFUSED, ask("example.test.", Type.AXFR).getRcode());
  }

  @Test
  void preservesTheQuestionCaseAndMatchesCaseInsensitively() throws Exception {
    Message r = ask("WwW.ExAmPlE.TeSt.", Type.A);
    assertEquals(Rcode.NOERROR, r.getRcode());
    assertEquals("WwW.ExAmPlE.TeSt.", r.getQuestion().getName().toString());
    assertEquals(1, r.getSection(Section.ANSWER).size());
  }

  @Test
  void answersNotimpForOtherOpcodesRefusedForUpdateAndFormerrForGarbage() throws Exception {
    Message notify = query("example.test.", Type.SOA);
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    assertEquals(Rcode.NOTIMP, ask(notify, true).getRcode());
    Message update = query("example.test.", Type.SOA);
    update.getHeader().setOpcode(Opcode.UPDATE);
    assertEquals(Rcode.REFUSED, ask(update, true).getRcode());

    byte[] garbage = {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 63, 'x'};
    byte[] out = responder.respond(garbage, garbage.length, true);
    Message r = new Message(out);
    assertEquals(Rcode.FORMERR, r.getRcode());
    assertEquals(0x1234, r.getHeader().getID());

    assertNull(responder.respond(new byte[5], 5, true), "too short to echo a header: dropped");
  }

  @Test
  void echoesEdnsAndRefusesUnknownVersions() throws Exception {
    Message q = query("www.example.test.", Type.A);
    q.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    Message r = ask(q, true);
    assertNotNull(r.getOPT());
    assertEquals(1232, r.getOPT().getPayloadSize());

    Message v1 = query("www.example.test.", Type.A);
    v1.addRecord(new OPTRecord(4096, 0, 1), Section.ADDITIONAL);
    assertEquals(Rcode.BADVERS, ask(v1, true).getRcode());
  }

  @Test
  void truncatesWholeRrsetsOverUdpAndSendsAllOverTcp() throws Exception {
    StringBuilder big = new StringBuilder(Zones.EXAMPLE);
    for (int i = 0; i < 40; i++) {
      big.append("many 300 IN TXT \"").append("x".repeat(40)).append(i).append("\"\n");
    }
    ZoneTable t = ZoneTable.of(1, List.of(Zones.zone("example.test.", big.toString())));
    Responder rsp = new Responder(() -> t, 1232);
    Message q = query("many.example.test.", Type.TXT);
    byte[] wire = q.toWire();

    byte[] udp = rsp.respond(wire, wire.length, true);
    assertTrue(udp.length <= 512);
    Message tr = new Message(udp);
    assertTrue(tr.getHeader().getFlag(Flags.TC));
    assertTrue(tr.getSection(Section.ANSWER).isEmpty(), "no partial RRset (RFC 2181 §9)");

    Message full = new Message(rsp.respond(wire, wire.length, false));
    assertFalse(full.getHeader().getFlag(Flags.TC));
    assertEquals(40, full.getSection(Section.ANSWER).size());
  }

  @Test
  void dropsResponses() throws Exception {
    Message q = query("www.example.test.", Type.A);
    q.getHeader().setFlag(Flags.QR);
    byte[] wire = q.toWire();
    assertArrayEquals(null, responder.respond(wire, wire.length, true));
  }

  private static Responder responder(String zoneFile, ResponderSettings settings) {
    ZoneTable t = ZoneTable.of(1, List.of(Zones.zone("example.test.", zoneFile)));
    return new Responder(() -> t, settings);
  }

  private static Message ask(Responder rsp, Message query, boolean udp) throws Exception {
    byte[] wire = query.toWire();
    return new Message(rsp.respond(wire, wire.length, udp));
  }

  private static List<String> answers(Message r, int section) {
    return r.getSection(section).stream().map(Record::toString).toList();
  }

  @Test
  void answersChaosIdentificationOnlyWhenConfigured() throws Exception {
    Message version =
        Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));
    Message id =
        Message.newQuery(Record.newRecord(Name.fromString("ID.Server."), Type.TXT, DClass.CH));
    assertEquals(Rcode.REFUSED, ask(version, true).getRcode(), "off by default");
    assertEquals(Rcode.REFUSED, ask(id, true).getRcode(), "off by default");

    Responder on =
        responder(Zones.EXAMPLE, new ResponderSettings(1232, "felu 0.1", "ns1.example.net"));
    Message v = ask(on, version, true);
    assertEquals(Rcode.NOERROR, v.getRcode());
    assertEquals(
        List.of("\"felu 0.1\""),
        ((TXTRecord) v.getSection(Section.ANSWER).get(0))
            .getStrings().stream().map(x -> "\"" + x + "\"").toList());
    Message i = ask(on, id, true);
    assertEquals(DClass.CH, i.getSection(Section.ANSWER).get(0).getDClass());
    assertEquals(
        "ns1.example.net", ((TXTRecord) i.getSection(Section.ANSWER).get(0)).getStrings().get(0));
    Message other =
        Message.newQuery(Record.newRecord(Name.fromString("authors.bind."), Type.TXT, DClass.CH));
    assertEquals(Rcode.REFUSED, ask(on, other, true).getRcode());
  }

  @Test
  void followsDnameInsideTheZoneAndAnswersYxdomainWhenTheNameGrowsTooLong() throws Exception {
    String zone =
        Zones.EXAMPLE
            + "old 300 IN DNAME new\n"
            + "www.new 300 IN A 192.0.2.44\n"
            + "long 300 IN DNAME "
            + ("a".repeat(60) + ".").repeat(3)
            + "example.test.\n";
    Responder rsp = responder(zone, ResponderSettings.defaults());
    Message r = ask(rsp, query("www.old.example.test.", Type.A), true);
    assertEquals(Rcode.NOERROR, r.getRcode());
    assertTrue(r.getHeader().getFlag(Flags.AA));
    assertEquals(
        List.of(Type.DNAME, Type.CNAME, Type.A),
        r.getSection(Section.ANSWER).stream().map(Record::getType).toList());
    assertEquals(
        "www.new.example.test.",
        ((CNAMERecord) r.getSection(Section.ANSWER).get(1)).getTarget().toString());

    String label = "b".repeat(63) + ".";
    Message tooLong = ask(rsp, query(label + label + "long.example.test.", Type.A), true);
    assertEquals(Rcode.YXDOMAIN, tooLong.getRcode(), "RFC 6672 §2.2");
    assertEquals(Type.DNAME, tooLong.getSection(Section.ANSWER).get(0).getType());
  }

  @Test
  void setsTcWhenReferralGlueDoesNotFit() throws Exception {
    StringBuilder zone = new StringBuilder(Zones.EXAMPLE);
    for (int i = 1; i <= 8; i++) {
      String ns = "ns" + i + "-" + "g".repeat(20) + ".deleg";
      zone.append("deleg 300 IN NS ").append(ns).append('\n');
      zone.append(ns).append(" 300 IN AAAA 2001:db8::").append(i).append('\n');
    }
    Responder rsp = responder(zone.toString(), ResponderSettings.defaults());
    Message q = query("www.deleg.example.test.", Type.A);
    Message udp = ask(rsp, q, true);
    assertFalse(udp.getHeader().getFlag(Flags.AA), "a referral is not authoritative");
    assertEquals(8, udp.getSection(Section.AUTHORITY).size());
    assertTrue(udp.getSection(Section.ADDITIONAL).size() < 8);
    assertTrue(udp.getHeader().getFlag(Flags.TC), "RFC 9471: missing glue sets TC");
    Message tcp = ask(rsp, q, false);
    assertFalse(tcp.getHeader().getFlag(Flags.TC));
    assertEquals(8, tcp.getSection(Section.ADDITIONAL).size());
  }

  @Test
  void answersFormerrForTwoOptRecordsAndForAQueryCarryingAnswers() throws Exception {
    Message twoOpt = query("www.example.test.", Type.A);
    twoOpt.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    twoOpt.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    Message r = ask(twoOpt, true);
    assertEquals(Rcode.FORMERR, r.getRcode());
    assertNull(r.getOPT());

    Message withAnswer = query("www.example.test.", Type.A);
    withAnswer.addRecord(
        Record.fromString(
            Name.fromString("www.example.test."), Type.A, DClass.IN, 60, "192.0.2.1", Name.root),
        Section.ANSWER);
    assertEquals(Rcode.FORMERR, ask(withAnswer, true).getRcode());
  }
}
