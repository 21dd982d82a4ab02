package dev.felu.ns.xfr;

import static dev.felu.ns.xfr.XfrFixtures.ORIGIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.dns.ClientNetwork;
import dev.felu.ns.zone.ZoneData;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

class IxfrWriterTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** Versions 1 … 4 of a zone as record lists, and the journal of 1 → 2 → 3 → 4. */
  private final List<List<Record>> versions = new ArrayList<>();

  private final List<ZoneData> zones = new ArrayList<>();
  private final IxfrJournal journal = new IxfrJournal();

  IxfrWriterTest() {
    Random rnd = new Random(1995);
    List<Record> records = XfrFixtures.randomZone(rnd, 400, 1);
    for (int v = 1; v <= 4; v++) {
      if (v > 1) {
        records = XfrFixtures.mutate(rnd, records, v);
      }
      versions.add(records);
      zones.add(XfrFixtures.zone(records));
      if (v > 1) {
        journal.record(zones.get(v - 2), zones.get(v - 1));
      }
    }
  }

  private ZoneData current() {
    return zones.get(3);
  }

  private TransferResponder responder() {
    return new TransferResponder(
        XfrFixtures.ring(Clock.systemUTC()),
        o -> TransferAcl.of(List.of(ClientNetwork.parse("127.0.0.0/8")), List.of(XfrFixtures.KEY)),
        journal,
        new TransferLimiter(),
        4096);
  }

  private static Set<String> apply(List<Record> zone, List<ZoneTransferIn.Delta> deltas) {
    Set<String> out = new TreeSet<>(XfrFixtures.text(zone));
    for (ZoneTransferIn.Delta d : deltas) {
      assertTrue(out.removeAll(XfrFixtures.text(d.deletes)));
      out.addAll(XfrFixtures.text(d.adds));
    }
    return out;
  }

  private ZoneTransferIn ixfr(long serial, TSIG key) throws Exception {
    try (XfrFixtures.Server server = new XfrFixtures.Server(responder(), current())) {
      ZoneTransferIn xfr = ZoneTransferIn.newIXFR(ORIGIN, serial, false, server.address(), key);
      xfr.run();
      return xfr;
    }
  }

  @Test
  void theDifferencesAppliedToTheOldZoneGiveTheNewOne() throws Exception {
    for (int from = 1; from <= 3; from++) {
      ZoneTransferIn xfr = ixfr(from, null);
      assertTrue(xfr.isIXFR(), "from " + from);
      assertEquals(4 - from, xfr.getIXFR().size());
      assertEquals(
          XfrFixtures.text(versions.get(3)),
          apply(versions.get(from - 1), xfr.getIXFR()),
          "from " + from);
    }
  }

  @Test
  void signedIncrementalTransferVerifies() throws Exception {
    ZoneTransferIn xfr = ixfr(2, XfrFixtures.clientKey());
    assertTrue(xfr.isIXFR());
    assertEquals(XfrFixtures.text(versions.get(3)), apply(versions.get(1), xfr.getIXFR()));
  }

  @Test
  void aSerialNotInTheJournalGetsTheWholeZone() throws Exception {
    ZoneTransferIn xfr = ixfr(0, null);
    assertTrue(xfr.isAXFR());
    assertEquals(XfrFixtures.text(versions.get(3)), XfrFixtures.text(xfr.getAXFR()));
  }

  @Test
  void aCurrentClientAndOneFromTheFutureGetOurSoaAlone() throws Exception {
    assertTrue(ixfr(4, null).isCurrent());
    assertTrue(ixfr(5, null).isCurrent());
    assertTrue(ixfr(4 + 0x7FFF_FFFFL - 1, null).isCurrent()); // ahead in RFC 1982 terms
    assertEquals(IxfrWriter.Form.UP_TO_DATE, IxfrWriter.form(current(), journal, 5));
    // 4 + 2^31 + 1 is behind 4 in RFC 1982 terms: not in the journal, the whole zone
    assertEquals(IxfrWriter.Form.FULL, IxfrWriter.form(current(), journal, 4 + 0x8000_0001L));
  }

  private static Message ixfrQuery(long serial) {
    Message q = Message.newQuery(Record.newRecord(ORIGIN, Type.IXFR, DClass.IN));
    q.addRecord(XfrFixtures.soa(serial), Section.AUTHORITY);
    return q;
  }

  private Message udp(long serial, int size) throws Exception {
    Message q = ixfrQuery(serial);
    byte[] wire = q.toWire();
    return new Message(responder().answerUdp(new Message(wire), wire, LOOPBACK, current(), size));
  }

  @Test
  void overUdpAnAnswerThatFitsGoesWhole() throws Exception {
    ZoneData v1 = XfrFixtures.zone(XfrFixtures.randomZone(new Random(2), 5, 10));
    List<Record> r2 = new ArrayList<>(XfrFixtures.randomZone(new Random(2), 5, 11));
    r2.add(new TXTRecord(XfrFixtures.name("new.example.test."), DClass.IN, 60, "added"));
    ZoneData v2 = XfrFixtures.zone(r2);
    IxfrJournal small = new IxfrJournal();
    small.record(v1, v2);
    Message q = ixfrQuery(10);
    byte[] answer = IxfrWriter.answerUdp(v2, small, q, ResponseSigner.NONE, 512);
    assertTrue(answer.length <= 512);
    List<Record> records = new Message(answer).getSection(Section.ANSWER);
    assertEquals(5, records.size(), records.toString()); // SOA 11, SOA 10, SOA 11, TXT, SOA 11
    assertEquals("added", ((TXTRecord) records.get(3)).getStrings().get(0));
  }

  @Test
  void overUdpAnAnswerTooBigIsOurSoaAlone() throws Exception {
    Message m = udp(1, 512);
    assertEquals(Rcode.NOERROR, m.getRcode());
    List<Record> answer = m.getSection(Section.ANSWER);
    assertEquals(1, answer.size());
    assertEquals(4, ((SOARecord) answer.get(0)).getSerial());
  }

  @Test
  void overUdpASerialNotInTheJournalIsOurSoaAloneEvenIfTheZoneWouldFit() throws Exception {
    Message m = udp(0, 65535);
    assertEquals(1, m.getSection(Section.ANSWER).size());
  }

  @Test
  void aSignedUdpAnswerVerifiesWithTheRequestsMac() throws Exception {
    TSIG key = XfrFixtures.clientKey();
    Message q = ixfrQuery(1);
    q.setTSIG(key);
    byte[] wire = q.toWire(Message.MAXLENGTH);
    Message request = new Message(wire);
    byte[] answer = responder().answerUdp(request, wire, LOOPBACK, current(), 512);
    Message m = new Message(answer);
    assertEquals(Rcode.NOERROR, key.verify(m, answer, request.getTSIG()));
    assertTrue(m.isVerified());
    assertEquals(1, m.getSection(Section.ANSWER).size()); // too big for 512: the SOA alone
  }

  @Test
  void anIxfrWithoutTheClientsSoaIsFormerr() throws Exception {
    Message q = Message.newQuery(Record.newRecord(ORIGIN, Type.IXFR, DClass.IN));
    byte[] wire = q.toWire();
    List<byte[]> out =
        XfrFixtures.drain(responder().answerTcp(new Message(wire), wire, LOOPBACK, current()));
    assertEquals(Rcode.FORMERR, new Message(out.get(0)).getRcode());
    assertFalse(out.isEmpty());
  }
}
