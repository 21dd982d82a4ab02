package dev.felu.ns.xfr;

import static dev.felu.ns.xfr.XfrFixtures.ORIGIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.dns.ClientNetwork;
import dev.felu.ns.zone.ZoneData;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

class TransferResponderTest {
  private static final ZoneData ZONE =
      XfrFixtures.zone(XfrFixtures.randomZone(new Random(3), 50, 9));
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static TransferResponder responder(
      TransferAcl acl, Clock clock, TransferLimiter limiter) {
    return new TransferResponder(
        XfrFixtures.ring(clock), o -> acl, new IxfrJournal(), limiter, 65535);
  }

  private static TransferResponder byKey() {
    return responder(
        TransferAcl.of(List.of(), List.of(XfrFixtures.KEY)),
        Clock.systemUTC(),
        new TransferLimiter());
  }

  /** A query for {@code type} at {@code qname}, signed with {@code key} if not null: its wire. */
  private static byte[] query(Name qname, int type, TSIG key) {
    Message q = Message.newQuery(Record.newRecord(qname, type, DClass.IN));
    if (key != null) {
      q.setTSIG(key);
    }
    return q.toWire(Message.MAXLENGTH);
  }

  private static Message only(TransferMessages messages) throws Exception {
    List<byte[]> wire = XfrFixtures.drain(messages);
    assertEquals(1, wire.size());
    return new Message(wire.get(0));
  }

  private static Message askTcp(TransferResponder r, byte[] wire, InetAddress from)
      throws Exception {
    return only(r.answerTcp(new Message(wire), wire, from, ZONE));
  }

  @Test
  void wrongSecretIsNotauthWithBadsigAndNothingOfTheZone() throws Exception {
    TSIG wrong = new TSIG(TSIG.HMAC_SHA256, XfrFixtures.KEY, XfrFixtures.OTHER_SECRET);
    Message m = askTcp(byKey(), query(ORIGIN, Type.AXFR, wrong), LOOPBACK);
    assertEquals(Rcode.NOTAUTH, m.getRcode());
    assertTrue(m.getSection(Section.ANSWER).isEmpty());
    TSIGRecord tsig = m.getTSIG();
    assertNotNull(tsig);
    assertEquals(Rcode.BADSIG, tsig.getError());
    assertEquals(0, tsig.getSignature().length); // RFC 8945 §5.2.2: not signed
  }

  @Test
  void unknownKeyIsNotauthWithBadkey() throws Exception {
    TSIG unknown = new TSIG(TSIG.HMAC_SHA256, XfrFixtures.name("nobody."), XfrFixtures.SECRET);
    Message m = askTcp(byKey(), query(ORIGIN, Type.AXFR, unknown), LOOPBACK);
    assertEquals(Rcode.NOTAUTH, m.getRcode());
    assertEquals(Rcode.BADKEY, m.getTSIG().getError());
    assertTrue(m.getSection(Section.ANSWER).isEmpty());
  }

  @Test
  void knownKeyWithAnotherAlgorithmIsBadkey() throws Exception {
    TSIG sha512 = new TSIG(TSIG.HMAC_SHA512, XfrFixtures.KEY, XfrFixtures.SECRET);
    Message m = askTcp(byKey(), query(ORIGIN, Type.AXFR, sha512), LOOPBACK);
    assertEquals(Rcode.BADKEY, m.getTSIG().getError());
  }

  @Test
  void signatureOutsideTheFudgeIsBadtimeSignedWithTheServersTime() throws Exception {
    Clock late = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
    TransferResponder r =
        responder(TransferAcl.of(List.of(), List.of(XfrFixtures.KEY)), late, new TransferLimiter());
    byte[] wire = query(ORIGIN, Type.AXFR, XfrFixtures.clientKey());
    Message m = askTcp(r, wire, LOOPBACK);
    assertEquals(Rcode.NOTAUTH, m.getRcode());
    TSIGRecord tsig = m.getTSIG();
    assertEquals(Rcode.BADTIME, tsig.getError());
    assertEquals(6, tsig.getOther().length); // the server's time (RFC 8945 §5.2.3)
    assertTrue(tsig.getSignature().length > 0);
    assertTrue(m.getSection(Section.ANSWER).isEmpty());
  }

  @Test
  void unsignedRequestToAKeyOnlyZoneIsRefused() throws Exception {
    Message m = askTcp(byKey(), query(ORIGIN, Type.AXFR, null), LOOPBACK);
    assertEquals(Rcode.REFUSED, m.getRcode());
    assertTrue(m.getSection(Section.ANSWER).isEmpty());
    assertEquals(null, m.getTSIG());
  }

  @Test
  void aKeyTheZoneDoesNotListIsRefusedWithASignedAnswer() throws Exception {
    TSIG other = new TSIG(TSIG.HMAC_SHA256, XfrFixtures.OTHER_KEY, XfrFixtures.OTHER_SECRET);
    byte[] wire = query(ORIGIN, Type.AXFR, other);
    Message m = askTcp(byKey(), wire, LOOPBACK);
    assertEquals(Rcode.REFUSED, m.getRcode());
    assertTrue(m.getSection(Section.ANSWER).isEmpty());
    byte[] answer = m.toWire();
    assertEquals(Rcode.NOERROR, other.verify(m, answer, new Message(wire).getTSIG()));
  }

  @Test
  void anAddressOutsideTheNetworksIsRefusedInsideIsServed() throws Exception {
    TransferResponder outside =
        responder(
            TransferAcl.of(List.of(ClientNetwork.parse("192.0.2.0/24")), List.of()),
            Clock.systemUTC(),
            new TransferLimiter());
    byte[] wire = query(ORIGIN, Type.AXFR, null);
    assertEquals(Rcode.REFUSED, askTcp(outside, wire, LOOPBACK).getRcode());
    List<byte[]> served =
        XfrFixtures.drain(
            outside.answerTcp(new Message(wire), wire, InetAddress.getByName("192.0.2.77"), ZONE));
    Message first = new Message(served.get(0));
    assertEquals(Rcode.NOERROR, first.getRcode());
    assertFalse(first.getSection(Section.ANSWER).isEmpty());
  }

  @Test
  void aNameBelowTheApexIsNotauth() throws Exception {
    TransferResponder open =
        responder(
            TransferAcl.of(List.of(ClientNetwork.parse("127.0.0.0/8")), List.of()),
            Clock.systemUTC(),
            new TransferLimiter());
    byte[] wire = query(XfrFixtures.name("h1.example.test."), Type.AXFR, null);
    assertEquals(Rcode.NOTAUTH, askTcp(open, wire, LOOPBACK).getRcode());
  }

  @Test
  void axfrOverUdpIsNotimp() throws Exception {
    TransferResponder open =
        responder(
            TransferAcl.of(List.of(ClientNetwork.parse("127.0.0.0/8")), List.of()),
            Clock.systemUTC(),
            new TransferLimiter());
    byte[] wire = query(ORIGIN, Type.AXFR, null);
    Message m = new Message(open.answerUdp(new Message(wire), wire, LOOPBACK, ZONE, 512));
    assertEquals(Rcode.NOTIMP, m.getRcode());
  }

  @Test
  void aboveTheLimitTransfersAreRefusedUntilOneEnds() throws Exception {
    TransferLimiter limiter = new TransferLimiter(1);
    TransferResponder r =
        responder(
            TransferAcl.of(List.of(ClientNetwork.parse("127.0.0.0/8")), List.of()),
            Clock.systemUTC(),
            limiter);
    byte[] wire = query(ORIGIN, Type.AXFR, null);
    TransferMessages first = r.answerTcp(new Message(wire), wire, LOOPBACK, ZONE);
    first.next(); // the client reads one message and stops
    assertEquals(1, limiter.active());
    assertEquals(Rcode.REFUSED, askTcp(r, wire, LOOPBACK).getRcode());
    assertEquals(1, limiter.refused());
    first.close(); // the listener drops the silent client
    first.close();
    assertEquals(0, limiter.active());
    assertEquals(
        Rcode.NOERROR,
        new Message(r.answerTcp(new Message(wire), wire, LOOPBACK, ZONE).next()).getRcode());
  }
}
