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
  void answersNotimpForOtherOpcodesAndFormerrForGarbage() throws Exception {
    Message notify = query("example.test.", Type.SOA);
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    assertEquals(Rcode.NOTIMP, ask(notify, true).getRcode());

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
}
