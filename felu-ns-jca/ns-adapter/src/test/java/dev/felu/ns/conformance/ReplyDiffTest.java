package dev.felu.ns.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The comparison rules of the conformance harness, on hand-made replies. */
class ReplyDiffTest {
  private static final ServedZones ZONES = new ServedZones();
  private static final int ID = 4242;

  private static final String WWW_A =
      """
      {"status":"ok","rcode":"NOERROR","flags":"QR AA","opcode":"QUERY","edns":"v0","opts":[],
       "question":["WwW.example.test. IN A"],
       "answer":["www.example.test. IN A 192.0.2.80"],"authority":[],"additional":[],
       "ttl":{"answer www.example.test. IN A":3600}}
      """;

  private static ExpectedReply knot(String json) {
    return ExpectedReply.fromKnot(Json.createReader(new StringReader(json)).readObject());
  }

  private static Message reply(int rcode, boolean aa, String... records) throws Exception {
    Message m = new Message(ID);
    m.getHeader().setFlag(Flags.QR);
    if (aa) {
      m.getHeader().setFlag(Flags.AA);
    }
    m.getHeader().setRcode(rcode);
    m.addRecord(
        Record.newRecord(Name.fromString("WwW.example.test."), Type.A, DClass.IN),
        Section.QUESTION);
    for (String r : records) {
      String[] s = r.split(" ", 2);
      m.addRecord(RRsetText.fromRecordLine(s[1]), Integer.parseInt(s[0]));
    }
    m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    return m;
  }

  private static List<String> diff(String caseLine, ExpectedReply e, Message m) throws Exception {
    ObservedReply o = m == null ? ObservedReply.noResponse() : ObservedReply.of(m.toWire());
    return ReplyDiff.compare(ConformanceCase.parse(caseLine), e, o, ID, ZONES);
  }

  @Test
  void acceptsTheZonesApexNsAndItsAddressesOnAPositiveAnswer() throws Exception {
    Message m =
        reply(
            Rcode.NOERROR,
            true,
            "1 www.example.test. 3600 IN A 192.0.2.80",
            "2 example.test. 3600 IN NS ns1.example.test.",
            "2 example.test. 3600 IN NS ns2.example.test.",
            "3 ns1.example.test. 3600 IN A 192.0.2.53",
            "3 ns2.example.test. 3600 IN A 192.0.2.54");
    assertEquals(List.of(), diff("x WwW.example.test. A", knot(WWW_A), m));
  }

  @Test
  void rejectsOtherAdditionsAndAddressesWithoutTheNsRRset() throws Exception {
    Message m =
        reply(
            Rcode.NOERROR,
            true,
            "1 www.example.test. 3600 IN A 192.0.2.80",
            "2 example.test. 3600 IN NS ns1.example.test.",
            "3 ns1.example.test. 3600 IN A 192.0.2.53");
    List<String> d = diff("x WwW.example.test. A", knot(WWW_A), m);
    assertEquals(2, d.size(), d.toString()); // an incomplete NS RRset, so no addresses either
    assertTrue(d.get(0).startsWith("authority unexpected: example.test."), d.toString());
  }

  @Test
  void comparesTtlsAndQuestionCaseButNotOwnerCase() throws Exception {
    Message m = reply(Rcode.NOERROR, true, "1 WWW.EXAMPLE.TEST. 300 IN A 192.0.2.80");
    assertEquals(
        List.of("answer TTL of www.example.test. IN A: expected 3600, got 300"),
        diff("x WwW.example.test. A", knot(WWW_A), m));
    ExpectedReply lower = knot(WWW_A.replace("WwW.example", "www.example"));
    assertTrue(diff("x WwW.example.test. A", lower, m).get(0).startsWith("question"));
  }

  @Test
  void doesNotCompareContentsWhenBothAreTruncated() throws Exception {
    ExpectedReply tc = knot(WWW_A.replace("QR AA", "QR AA TC"));
    Message m = reply(Rcode.NOERROR, true);
    m.getHeader().setFlag(Flags.TC);
    assertEquals(List.of(), diff("x WwW.example.test. A", tc, m));
    m.getHeader().unsetFlag(Flags.TC);
    assertEquals(
        List.of(
            "TC flag: expected set, got clear",
            "answer missing:    " + "www.example.test. 3600 IN A 192.0.2.80"),
        diff("x WwW.example.test. A", tc, m));
  }

  @Test
  void noResponseAcceptAndLenientAll() throws Exception {
    ExpectedReply none = knot("{\"status\":\"noresponse\"}");
    Message formerr = reply(Rcode.FORMERR, false);
    assertEquals(List.of(), diff("x WwW.example.test. A", none, null));
    assertEquals(1, diff("x WwW.example.test. A", none, formerr).size());
    assertEquals(List.of(), diff("x WwW.example.test. A accept=closed,FORMERR", none, formerr));
    assertEquals(List.of(), diff("x WwW.example.test. A accept=noresponse", knot(WWW_A), null));
    assertEquals(List.of(), diff("x WwW.example.test. A lenient=all", knot(WWW_A), formerr));
    assertEquals(
        List.of("expected a reply, got noresponse"),
        diff("x WwW.example.test. A lenient=all", knot(WWW_A), null));
  }
}
