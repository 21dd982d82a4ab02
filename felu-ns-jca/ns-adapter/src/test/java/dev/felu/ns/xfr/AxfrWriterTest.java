package dev.felu.ns.xfr;

import static dev.felu.ns.xfr.XfrFixtures.ORIGIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.zone.ZoneData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

class AxfrWriterTest {
  private static final List<Record> RECORDS = XfrFixtures.randomZone(new Random(14), 3000, 7);
  private static final ZoneData ZONE = XfrFixtures.zone(RECORDS);

  private static Message axfrQuery() {
    return Message.newQuery(Record.newRecord(ORIGIN, Type.AXFR, DClass.IN));
  }

  @Test
  void splitsABigZoneOverMessagesWithSoaFirstAndLast() throws Exception {
    Message query = axfrQuery();
    List<byte[]> wire =
        XfrFixtures.drain(AxfrWriter.answer(ZONE, query, ResponseSigner.NONE, 4096));
    assertTrue(wire.size() > 10, "messages: " + wire.size());
    List<Record> answer = new ArrayList<>();
    for (int i = 0; i < wire.size(); i++) {
      byte[] b = wire.get(i);
      assertTrue(b.length <= 4096, "message " + i + " has " + b.length + " bytes");
      Message m = new Message(b);
      assertEquals(query.getHeader().getID(), m.getHeader().getID());
      assertTrue(m.getHeader().getFlag(Flags.QR) && m.getHeader().getFlag(Flags.AA));
      assertEquals(Rcode.NOERROR, m.getRcode());
      assertEquals(i == 0 ? 1 : 0, m.getHeader().getCount(Section.QUESTION));
      answer.addAll(m.getSection(Section.ANSWER));
    }
    assertInstanceOf(SOARecord.class, answer.get(0));
    assertInstanceOf(SOARecord.class, answer.get(answer.size() - 1));
    assertEquals(RECORDS.size() + 1, answer.size()); // the SOA twice
    assertEquals(XfrFixtures.text(RECORDS), XfrFixtures.text(answer));
  }

  /**
   * The answer rendered from the table's bytes is, byte for byte, what rendering dnsjava records of
   * the same zone gives — for a zone with RRSIGs, a delegation with glue and a wildcard too.
   */
  @Test
  void rendersFromTheTableExactlyAsFromRecords() throws Exception {
    List<Record> more = new ArrayList<>(RECORDS);
    for (String text :
        List.of(
            "www 300 IN A 192.0.2.80",
            "www 300 IN RRSIG A 13 3 300 20270101000000 20260101000000 12345 example.test."
                + " AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==",
            "child 3600 IN NS ns.child",
            "ns.child 3600 IN A 192.0.2.53",
            "* 60 IN TXT \"wild\"")) {
      String[] f = text.split(" ", 5); // owner, TTL, class, type, data
      more.add(
          Record.fromString(
              XfrFixtures.name(f[0] + ".example.test."),
              Type.value(f[3]),
              DClass.IN,
              Long.parseLong(f[1]),
              f[4],
              ORIGIN));
    }
    for (ZoneData zone : List.of(ZONE, XfrFixtures.zone(more))) {
      for (int size : new int[] {512, 4096, TransferMessages.MAX_TCP_MESSAGE}) {
        Message query = axfrQuery();
        List<byte[]> fast =
            XfrFixtures.drain(AxfrWriter.answer(zone, query, ResponseSigner.NONE, size));
        List<byte[]> slow =
            XfrFixtures.drain(
                new TransferMessages(query, AxfrWriter.records(zone), ResponseSigner.NONE, size));
        assertEquals(slow.size(), fast.size(), "messages of " + size + " bytes");
        for (int i = 0; i < slow.size(); i++) {
          assertTrue(
              java.util.Arrays.equals(slow.get(i), fast.get(i)),
              "message " + i + " of " + size + " bytes differs");
        }
      }
    }
  }

  /**
   * Names at the end of NS, CNAME and MX data are compressed like owner names, and come back as
   * they are in the zone: a name with upper case letters is left uncompressed, so it keeps them.
   */
  @Test
  void namesInRecordDataComeBackAsInTheZone() throws Exception {
    List<Record> zone = new ArrayList<>(RECORDS.subList(0, 40));
    for (String text :
        List.of(
            "alias 300 IN CNAME h1.example.test.",
            "upper 300 IN CNAME Target.Example.TEST.",
            "mail 300 IN MX 10 h2.example.test.",
            "mail2 300 IN MX 20 Mx.Example.test.",
            "sub 3600 IN NS ns.sub.example.test.")) {
      String[] f = text.split(" ", 5);
      zone.add(
          Record.fromString(
              XfrFixtures.name(f[0] + ".example.test."),
              Type.value(f[3]),
              DClass.IN,
              Long.parseLong(f[1]),
              f[4],
              ORIGIN));
    }
    List<Record> answer = new ArrayList<>();
    for (byte[] m :
        XfrFixtures.drain(
            AxfrWriter.answer(XfrFixtures.zone(zone), axfrQuery(), ResponseSigner.NONE))) {
      answer.addAll(new Message(m).getSection(Section.ANSWER));
    }
    String text = String.join("\n", XfrFixtures.text(answer));
    assertTrue(text.contains("Target.Example.TEST."), text);
    assertTrue(text.contains("Mx.Example.test."), text);
    assertEquals(XfrFixtures.text(zone), XfrFixtures.text(answer.subList(0, answer.size() - 1)));
  }

  @Test
  void fillsMessagesNearlyFullWithCompressedNames() {
    List<byte[]> wire =
        XfrFixtures.drain(AxfrWriter.answer(ZONE, axfrQuery(), ResponseSigner.NONE, 8192));
    for (int i = 0; i < wire.size() - 1; i++) {
      assertTrue(wire.get(i).length > 8192 * 7 / 8, "message " + i + ": " + wire.get(i).length);
    }
  }

  /**
   * Every message is, byte for byte, what dnsjava's own renderer makes of the same records: each
   * name points to the longest suffix already in the message, at its first place, owners and the
   * names ending NS, CNAME, PTR and MX data alike (the zone is in lower case). The first and the
   * last message are left out: they hold the SOA, whose data names dnsjava compresses and felu does
   * not.
   */
  @Test
  void compressesEveryNameAsDnsjavaDoes() throws Exception {
    for (int size : new int[] {4096, TransferMessages.MAX_TCP_MESSAGE}) {
      List<byte[]> wire =
          XfrFixtures.drain(AxfrWriter.answer(ZONE, axfrQuery(), ResponseSigner.NONE, size));
      assertTrue(wire.size() > 2, "messages: " + wire.size());
      for (int i = 1; i < wire.size() - 1; i++) {
        byte[] again = new Message(wire.get(i)).toWire(TransferMessages.MAX_TCP_MESSAGE);
        assertTrue(
            java.util.Arrays.equals(wire.get(i), again),
            "message "
                + i
                + " of "
                + size
                + " bytes: "
                + wire.get(i).length
                + " vs "
                + again.length);
      }
    }
  }

  @Test
  void compressesOwnerNames() {
    long uncompressed = 0;
    for (Record r : RECORDS) {
      uncompressed += r.toWire(Section.ANSWER).length;
    }
    long sent = 0;
    for (byte[] m : XfrFixtures.drain(AxfrWriter.answer(ZONE, axfrQuery(), ResponseSigner.NONE))) {
      sent += m.length;
    }
    assertTrue(sent < uncompressed * 3 / 4, sent + " of " + uncompressed);
  }

  @Test
  void dnsjavaTransfersTheZoneOverLoopbackTcp() throws Exception {
    TransferResponder responder =
        responder(
            TransferAcl.of(List.of(dev.felu.ns.dns.ClientNetwork.parse("127.0.0.0/8")), List.of()));
    try (XfrFixtures.Server server = new XfrFixtures.Server(responder, ZONE)) {
      ZoneTransferIn xfr = ZoneTransferIn.newAXFR(ORIGIN, server.address(), null);
      xfr.run();
      assertTrue(xfr.isAXFR());
      List<Record> got = xfr.getAXFR();
      assertEquals(XfrFixtures.text(RECORDS), XfrFixtures.text(got));
    }
  }

  @Test
  void signedTransferVerifiesWithDnsjavasStreamVerifier() throws Exception {
    TransferResponder responder = responder(TransferAcl.of(List.of(), List.of(XfrFixtures.KEY)));
    try (XfrFixtures.Server server = new XfrFixtures.Server(responder, ZONE)) {
      // ZoneTransferIn signs its query and checks every message with TSIG.StreamVerifier
      ZoneTransferIn xfr =
          ZoneTransferIn.newAXFR(ORIGIN, server.address(), XfrFixtures.clientKey());
      xfr.run();
      assertEquals(XfrFixtures.text(RECORDS), XfrFixtures.text(xfr.getAXFR()));
    }
  }

  @Test
  void eachSignedMessageVerifiesInTurnAndCarriesTheChainedMac() throws Exception {
    TSIG key = XfrFixtures.clientKey();
    Message query = axfrQuery();
    query.setTSIG(key);
    byte[] queryWire = query.toWire(Message.MAXLENGTH); // signs it
    Message parsed = new Message(queryWire);
    TsigVerification v = XfrFixtures.ring(Clock.systemUTC()).verify(parsed, queryWire);
    assertTrue(v.verified(), v.toString());
    List<byte[]> wire = XfrFixtures.drain(AxfrWriter.answer(ZONE, parsed, v.signer(), 16384));
    assertTrue(wire.size() > 3);
    TSIG.StreamVerifier verifier = new TSIG.StreamVerifier(key, parsed.getTSIG());
    for (int i = 0; i < wire.size(); i++) {
      Message m = new Message(wire.get(i));
      assertTrue(wire.get(i).length <= 16384);
      assertEquals(
          Rcode.NOERROR, verifier.verify(m, wire.get(i), i == wire.size() - 1), "message " + i);
      assertTrue(m.isVerified());
    }
  }

  @Test
  void aTamperedMessageFailsTheClientsVerification() throws Exception {
    TSIG key = XfrFixtures.clientKey();
    Message query = axfrQuery();
    query.setTSIG(key);
    byte[] queryWire = query.toWire(Message.MAXLENGTH); // signs it
    Message parsed = new Message(queryWire);
    TsigVerification v = XfrFixtures.ring(Clock.systemUTC()).verify(parsed, queryWire);
    List<byte[]> wire = XfrFixtures.drain(AxfrWriter.answer(ZONE, parsed, v.signer(), 16384));
    byte[] second = wire.get(1);
    second[40] ^= 1;
    TSIG.StreamVerifier verifier = new TSIG.StreamVerifier(key, parsed.getTSIG());
    assertEquals(Rcode.NOERROR, verifier.verify(new Message(wire.get(0)), wire.get(0)));
    Message m;
    try {
      m = new Message(second);
    } catch (java.io.IOException e) {
      return; // the flipped bit broke the message itself: refused all the same
    }
    assertEquals(Rcode.BADSIG, verifier.verify(m, second));
    assertFalse(m.isVerified());
  }

  @Test
  void anEdnsRequestGetsOptInEveryMessageBeforeTheTsig() throws Exception {
    TSIG key = XfrFixtures.clientKey();
    Message query = axfrQuery();
    query.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    query.setTSIG(key);
    byte[] queryWire = query.toWire(Message.MAXLENGTH);
    Message parsed = new Message(queryWire);
    TsigVerification v = XfrFixtures.ring(Clock.systemUTC()).verify(parsed, queryWire);
    assertTrue(v.verified(), v.toString());
    List<byte[]> wire = XfrFixtures.drain(AxfrWriter.answer(ZONE, parsed, v.signer(), 16384));
    TSIG.StreamVerifier verifier = new TSIG.StreamVerifier(key, parsed.getTSIG());
    for (int i = 0; i < wire.size(); i++) {
      Message m = new Message(wire.get(i));
      assertTrue(m.getOPT() != null, "message " + i);
      assertEquals(
          Rcode.NOERROR, verifier.verify(m, wire.get(i), i == wire.size() - 1), "message " + i);
    }
  }

  static TransferResponder responder(TransferAcl acl) {
    return new TransferResponder(
        XfrFixtures.ring(Clock.systemUTC()),
        origin -> acl,
        new IxfrJournal(),
        new TransferLimiter(4),
        TransferMessages.MAX_TCP_MESSAGE);
  }
}
