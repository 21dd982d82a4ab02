package dev.felu.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A transfer's answer built from records: SOA first and last, cut into messages that fit 64 KiB
 * with their TSIG, each signed so that dnsjava's RFC 8945 §5.3.1 verifier accepts the whole stream;
 * an IXFR answered by the SOA alone or the whole zone; the bound on records.
 */
class ZoneTransferAnswerTest {
  static final Name ZONE = Name.fromConstantString("big.test.");
  static final Name KEY = Name.fromConstantString("xfr.example.");
  static final TSIG SIGNER = new TSIG(TSIG.HMAC_SHA256, KEY, new byte[32]);
  static final SOARecord SOA =
      new SOARecord(
          ZONE,
          DClass.IN,
          3600,
          Name.fromConstantString("ns1.big.test."),
          Name.fromConstantString("hostmaster.big.test."),
          42,
          3600,
          600,
          1209600,
          300);

  static Message signedRequest(int type, long serial) throws Exception {
    Message request = Message.newQuery(Record.newRecord(ZONE, type, DClass.IN));
    if (serial >= 0) {
      request.addRecord(
          new SOARecord(ZONE, DClass.IN, 0, ZONE, ZONE, serial, 0, 0, 0, 0), Section.AUTHORITY);
    }
    request.setTSIG(SIGNER);
    return new Message(request.toWire(65535));
  }

  static List<Record> records(int n) throws Exception {
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Name owner = Name.fromString("host-" + i, ZONE);
      out.add(
          new ARecord(
              owner,
              DClass.IN,
              300,
              java.net.InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i})));
      out.add(
          new TXTRecord(owner, DClass.IN, 300, "\"heritage=external-dns,external-dns/owner=k8s\""));
    }
    return out;
  }

  /** Feeds SOA then the records, as the reader does; returns the messages signed and verified. */
  static List<Message> transfer(Message request, ZoneTransferAnswer answer, List<Record> zone)
      throws Exception {
    if (answer.accept(SOA)) {
      for (Record r : zone) {
        if (!answer.accept(r)) {
          break;
        }
      }
    }
    Iterator<byte[]> signed =
        ZoneTransferAnswer.signed(answer.finish(), request, SIGNER, request.getTSIG());
    TSIG.StreamVerifier verifier = new TSIG.StreamVerifier(SIGNER, request.getTSIG());
    List<Message> out = new ArrayList<>();
    while (signed.hasNext()) {
      byte[] wire = signed.next();
      assertTrue(wire.length <= 65535, "a message of " + wire.length + " bytes");
      Message m = new Message(wire);
      assertEquals(Rcode.NOERROR, verifier.verify(m, wire), "message " + out.size() + " verifies");
      assertTrue(m.getTSIG() != null, "every message is signed");
      assertTrue(m.getHeader().getFlag(Flags.AA) && m.getHeader().getFlag(Flags.QR));
      assertEquals(request.getHeader().getID(), m.getHeader().getID());
      out.add(m);
    }
    return out;
  }

  static List<Record> answers(List<Message> messages) {
    List<Record> out = new ArrayList<>();
    messages.forEach(m -> out.addAll(m.getSection(Section.ANSWER)));
    return out;
  }

  @Test
  void aBigZoneIsSoaFirstAndLastInSeveralSignedMessages() throws Exception {
    Message request = signedRequest(Type.AXFR, -1);
    List<Record> zone = records(6000);
    List<Message> messages =
        transfer(
            request,
            new ZoneTransferAnswer(request, 65535 - SIGNER.recordLength(), 100_000, -1, false),
            zone);
    assertTrue(messages.size() > 1, messages.size() + " message(s)");
    List<Record> got = answers(messages);
    assertEquals(SOA, got.get(0));
    assertEquals(SOA, got.get(got.size() - 1));
    assertEquals(zone, got.subList(1, got.size() - 1));
    assertEquals(1, messages.get(0).getSection(Section.QUESTION).size());
    assertTrue(messages.get(1).getSection(Section.QUESTION).isEmpty());
  }

  @Test
  void anEmptyZoneIsItsSoaTwice() throws Exception {
    Message request = signedRequest(Type.AXFR, -1);
    List<Message> messages =
        transfer(request, new ZoneTransferAnswer(request, 65000, 10, -1, false), List.of());
    assertEquals(List.of(SOA, SOA), answers(messages));
  }

  @Test
  void anIxfrFromTheCurrentSerialIsTheSoaAloneAndFromAnOlderOneTheWholeZone() throws Exception {
    Message current = signedRequest(Type.IXFR, 42);
    ZoneTransferAnswer upToDate = new ZoneTransferAnswer(current, 65000, 10, 42, false);
    assertEquals(List.of(SOA), answers(transfer(current, upToDate, records(3))));
    assertTrue(upToDate.upToDate());

    Message older = signedRequest(Type.IXFR, 41);
    assertEquals(41, ZoneTransferAnswer.clientSerial(older));
    List<Record> got =
        answers(transfer(older, new ZoneTransferAnswer(older, 65000, 10, 41, false), records(3)));
    assertEquals(8, got.size()); // SOA, 6 records, SOA: RFC 1995 §4's whole zone
    assertEquals(-1, ZoneTransferAnswer.clientSerial(signedRequest(Type.IXFR, -1)));
  }

  @Test
  void overUdpOnlyTheSoaIsRead() throws Exception {
    Message request = signedRequest(Type.IXFR, 1);
    ZoneTransferAnswer answer = new ZoneTransferAnswer(request, 65000, 10, 1, true);
    assertFalse(answer.accept(SOA), "no record after the SOA is wanted");
    assertEquals(1, answer.finish().size());
  }

  @Test
  void oneRecordMoreThanTheBoundStopsTheAnswer() throws Exception {
    Message request = signedRequest(Type.AXFR, -1);
    ZoneTransferAnswer answer = new ZoneTransferAnswer(request, 65000, 5, -1, false);
    assertTrue(answer.accept(SOA));
    List<Record> zone = records(3);
    for (int i = 0; i < 5; i++) {
      assertTrue(answer.accept(zone.get(i)));
    }
    assertFalse(answer.accept(zone.get(5)));
    assertTrue(answer.tooLarge());
    assertThrows(IllegalStateException.class, answer::finish);
  }

  @Test
  void theTsigRecordIsAppendedUncompressedAsTheLastAdditionalRecord() throws Exception {
    Message request = signedRequest(Type.AXFR, -1);
    ZoneTransferAnswer answer = new ZoneTransferAnswer(request, 65000, 5, -1, false);
    answer.accept(SOA);
    byte[] wire =
        ZoneTransferAnswer.signed(answer.finish(), request, SIGNER, request.getTSIG()).next();
    Message m = new Message(wire);
    TSIGRecord tsig = m.getTSIG();
    assertEquals(KEY, tsig.getName());
    byte[] rr = tsig.toWire(Section.ADDITIONAL);
    assertEquals(
        java.util.Arrays.toString(rr),
        java.util.Arrays.toString(
            java.util.Arrays.copyOfRange(wire, wire.length - rr.length, wire.length)));
  }
}
