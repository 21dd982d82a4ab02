package dev.felu.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.protocol.Message.PolicyKey;
import dev.felu.update.UpdateRequests.UpdateResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/** One request from bytes to answer: parsing, opcode, TSIG errors, rate limit, counting. */
class UpdateRequestsTest {
  static final Name ZONE = Name.fromConstantString("example.test.");
  static final Name KEY = Name.fromConstantString("key.example.");
  static final byte[] SECRET = new byte[32];
  static final TSIG SIGNER = new TSIG(TSIG.HMAC_SHA256, KEY, SECRET);

  final UpdateMetrics metrics = new UpdateMetrics();
  final List<Name> applied = new ArrayList<>();

  UpdateRequests requests(Clock clock, KeyRateLimit limit) {
    UpdateTsig keys = UpdateTsig.of(List.of(new PolicyKey(KEY, TSIG.HMAC_SHA256, SECRET)), clock);
    return new UpdateRequests(
        () -> keys,
        (request, key, from) -> {
          applied.add(key);
          return new UpdateResult(Rcode.NOERROR, ZONE, "");
        },
        limit,
        metrics);
  }

  UpdateRequests requests() {
    return requests(Clock.systemUTC(), KeyRateLimit.none());
  }

  static byte[] signed(Message m, TSIG key) {
    m.setTSIG(key);
    return m.toWire(65535);
  }

  static Message parse(byte[] wire) throws Exception {
    return new Message(wire);
  }

  @Test
  void garbageAndResponsesAreDropped() throws Exception {
    assertNull(requests().handle(new byte[] {1, 2, 3}, null));
    Update u = new Update(ZONE);
    u.getHeader().setFlag(org.xbill.DNS.Flags.QR);
    assertNull(requests().handle(u.toWire(), null));
    assertEquals(2, metrics.count(new UpdateMetrics.Series("", "", "dropped")));
  }

  @Test
  void aQueryIsNotImplementedHere() throws Exception {
    Message query = Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN));
    Message answer = parse(requests().handle(query.toWire(), null));
    assertEquals(Rcode.NOTIMP, answer.getRcode());
    assertEquals(Opcode.QUERY, answer.getHeader().getOpcode());
    assertEquals(query.getHeader().getID(), answer.getHeader().getID());
  }

  /**
   * certbot and lego ask the server they update for the zone of the challenge name, walking up from
   * it by SOA queries: the apex gets its SOA with AA, a name below it NOERROR with the SOA in
   * authority (walk on), a name in no felu zone REFUSED; a signed query gets a signed answer.
   */
  @Test
  void soaQueriesFindTheZoneLikeAnAuthoritativeServer() throws Exception {
    org.xbill.DNS.SOARecord soa =
        new org.xbill.DNS.SOARecord(
            ZONE,
            DClass.IN,
            3600,
            Name.fromConstantString("ns1.example.test."),
            ZONE,
            7,
            1,
            1,
            1,
            1);
    UpdateTsig keys =
        UpdateTsig.of(List.of(new PolicyKey(KEY, TSIG.HMAC_SHA256, SECRET)), Clock.systemUTC());
    UpdateRequests r =
        new UpdateRequests(
            () -> keys,
            (request, key, from) -> {
              throw new AssertionError("a query is no update");
            },
            KeyRateLimit.none(),
            metrics,
            UpdateRequests.Served.NO_WAIT,
            apex -> apex.equals(ZONE) ? soa : null);

    Message apex =
        parse(
            r.handle(Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN)).toWire(), null));
    assertEquals(Rcode.NOERROR, apex.getRcode());
    assertTrue(apex.getHeader().getFlag(org.xbill.DNS.Flags.AA));
    assertEquals(soa, apex.getSection(org.xbill.DNS.Section.ANSWER).get(0));

    Name challenge = Name.fromConstantString("_acme-challenge.www.example.test.");
    Message below =
        parse(
            r.handle(
                Message.newQuery(Record.newRecord(challenge, Type.SOA, DClass.IN)).toWire(), null));
    assertEquals(Rcode.NOERROR, below.getRcode());
    assertTrue(below.getSection(org.xbill.DNS.Section.ANSWER).isEmpty());
    assertEquals(soa, below.getSection(org.xbill.DNS.Section.AUTHORITY).get(0));

    Name elsewhere = Name.fromConstantString("www.example.org.");
    Message refused =
        parse(
            r.handle(
                Message.newQuery(Record.newRecord(elsewhere, Type.SOA, DClass.IN)).toWire(), null));
    assertEquals(Rcode.REFUSED, refused.getRcode());

    byte[] wire = signed(Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN)), SIGNER);
    byte[] answerWire = r.handle(wire, null);
    Message signedAnswer = parse(answerWire);
    assertEquals(Rcode.NOERROR, signedAnswer.getRcode());
    assertEquals(Rcode.NOERROR, SIGNER.verify(signedAnswer, answerWire, parse(wire).getTSIG()));

    Message axfr = Message.newQuery(Record.newRecord(ZONE, Type.AXFR, DClass.IN));
    assertEquals(Rcode.NOTIMP, parse(r.handle(axfr.toWire(), null)).getRcode());

    Message notify = Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN));
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    assertEquals(Rcode.NOTIMP, parse(r.handle(notify.toWire(), null)).getRcode());
  }

  @Test
  void anUnsignedUpdateIsRefusedUnsigned() throws Exception {
    Message answer = parse(requests().handle(new Update(ZONE).toWire(), null));
    assertEquals(Rcode.REFUSED, answer.getRcode());
    assertNull(answer.getTSIG());
    assertTrue(applied.isEmpty());
  }

  @Test
  void aSignedUpdateIsAppliedAndItsAnswerSignedWithTheKey() throws Exception {
    Update u = new Update(ZONE);
    u.add(Name.fromConstantString("a.example.test."), Type.A, 60, "192.0.2.1");
    byte[] wire = signed(u, SIGNER);
    byte[] answerWire = requests().handle(wire, null);
    Message answer = parse(answerWire);
    assertEquals(Rcode.NOERROR, answer.getRcode());
    assertEquals(List.of(KEY), applied);
    assertEquals(Rcode.NOERROR, SIGNER.verify(answer, answerWire, parse(wire).getTSIG()));
    assertEquals(
        1, metrics.count(new UpdateMetrics.Series("key.example.", "example.test.", "NOERROR")));
  }

  @Test
  void tsigFailuresAreNotauthWithTheirErrors() throws Exception {
    TSIG unknown = new TSIG(TSIG.HMAC_SHA256, Name.fromConstantString("nobody."), SECRET);
    Message a = parse(requests().handle(signed(new Update(ZONE), unknown), null));
    assertEquals(Rcode.NOTAUTH, a.getRcode());
    assertEquals(Rcode.BADKEY, a.getTSIG().getError());
    byte[] other = new byte[32];
    other[0] = 1;
    Message b =
        parse(
            requests()
                .handle(signed(new Update(ZONE), new TSIG(TSIG.HMAC_SHA256, KEY, other)), null));
    assertEquals(Rcode.BADSIG, b.getTSIG().getError());
    Clock later = Clock.fixed(Instant.now().plusSeconds(3600), ZoneOffset.UTC);
    Message c =
        parse(requests(later, KeyRateLimit.none()).handle(signed(new Update(ZONE), SIGNER), null));
    assertEquals(Rcode.NOTAUTH, c.getRcode());
    assertEquals(Rcode.BADTIME, c.getTSIG().getError());
    assertTrue(applied.isEmpty());
    assertEquals(1, metrics.count(new UpdateMetrics.Series("", "", "BADTIME")));
  }

  @Test
  void anAcceptedChangeIsAnsweredOnceServedAndARefusalAtOnce() throws Exception {
    List<Long> awaited = new ArrayList<>();
    long[] received = {0};
    long before = System.nanoTime();
    UpdateTsig keys =
        UpdateTsig.of(List.of(new PolicyKey(KEY, TSIG.HMAC_SHA256, SECRET)), Clock.systemUTC());
    int[] rcode = {Rcode.NOERROR};
    UpdateRequests waiting =
        new UpdateRequests(
            () -> keys,
            (request, key, from) ->
                new UpdateResult(rcode[0], ZONE, "", rcode[0] == Rcode.NOERROR ? 7 : -1),
            KeyRateLimit.none(),
            metrics,
            (revision, receivedNanos) -> {
              awaited.add(revision);
              received[0] = receivedNanos;
            });
    assertEquals(
        Rcode.NOERROR, parse(waiting.handle(signed(new Update(ZONE), SIGNER), null)).getRcode());
    assertEquals(List.of(7L), awaited);
    // the time the request's bytes came in, for the latency from request to served
    assertTrue(received[0] >= before && received[0] <= System.nanoTime());
    rcode[0] = Rcode.NXRRSET;
    assertEquals(
        Rcode.NXRRSET, parse(waiting.handle(signed(new Update(ZONE), SIGNER), null)).getRcode());
    assertEquals(List.of(7L), awaited);
  }

  @Test
  void aKeyOverItsRateIsRefused() throws Exception {
    long[] now = {0};
    UpdateRequests limited = requests(Clock.systemUTC(), new KeyRateLimit(2, () -> now[0]));
    List<Integer> rcodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rcodes.add(parse(limited.handle(signed(new Update(ZONE), SIGNER), null)).getRcode());
    }
    assertEquals(List.of(Rcode.NOERROR, Rcode.NOERROR, Rcode.REFUSED), rcodes);
    now[0] += 500_000_000L;
    assertEquals(
        Rcode.NOERROR, parse(limited.handle(signed(new Update(ZONE), SIGNER), null)).getRcode());
    assertEquals(1, metrics.count(new UpdateMetrics.Series("key.example.", "", "ratelimited")));
    assertFalse(applied.size() > 3);
  }
}
