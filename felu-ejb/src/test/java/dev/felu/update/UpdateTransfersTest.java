package dev.felu.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.protocol.Message.PolicyKey;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Zone transfers from the UPDATE endpoint's sockets ({@link UpdateListener} on loopback, a free
 * port) over a zone held in memory in place of the database: dnsjava's {@link ZoneTransferIn}
 * transfers it with the allowed key (checking every message's TSIG); no key, an unknown key, a
 * wrong secret and a key the zone's policy does not name learn nothing; the order of the checks,
 * UDP, IXFR, the bounds; and a client that stops reading is dropped at the deadline.
 */
class UpdateTransfersTest {
  static final Name ZONE = ZoneTransferAnswerTest.ZONE;
  static final Name ALLOWED = Name.fromConstantString("xfr.example.");
  static final Name UPDATER = Name.fromConstantString("updater.example.");
  static final byte[] SECRET = new byte[32];
  static final byte[] UPDATER_SECRET = new byte[32];

  static {
    UPDATER_SECRET[0] = 7;
  }

  final UpdateMetrics metrics = new UpdateMetrics();
  final List<Record> zone = new ArrayList<>();
  TransferAccess access = new TransferAccess(List.of(), Set.of(ALLOWED));
  int reads;
  UpdateListener listener;

  UpdateTransfers transfers(int maxRecords, int maxTransfers) {
    UpdateTsig keys =
        UpdateTsig.of(
            List.of(
                new PolicyKey(ALLOWED, TSIG.HMAC_SHA256, SECRET),
                new PolicyKey(UPDATER, TSIG.HMAC_SHA256, UPDATER_SECRET)),
            Clock.systemUTC());
    return new UpdateTransfers(
        () -> keys,
        (apex, admitted, answer) -> {
          if (!apex.equals(ZONE)) {
            return UpdateTransfers.Read.NO_ZONE;
          }
          if (!admitted.test(access)) {
            return UpdateTransfers.Read.REFUSED;
          }
          reads++;
          if (answer.accept(ZoneTransferAnswerTest.SOA)) {
            for (Record r : zone) {
              if (!answer.accept(r)) {
                break;
              }
            }
          }
          return UpdateTransfers.Read.READ;
        },
        metrics,
        new UpdateTransfers.Limits(maxRecords, maxTransfers));
  }

  int start(UpdateTransfers transfers, Duration timeout) throws Exception {
    listener =
        UpdateListener.start(
            new UpdateListener.Settings(InetAddress.getLoopbackAddress(), 0, 4, timeout),
            Thread::new,
            (wire, from) -> transfers.udp(wire, from, (w, f) -> null),
            (wire, from) -> transfers.tcp(wire, from, (w, f) -> null));
    return listener.port();
  }

  @AfterEach
  void stop() {
    if (listener != null) {
      listener.close();
    }
  }

  ZoneTransferIn axfr(int port, TSIG key) {
    ZoneTransferIn in =
        ZoneTransferIn.newAXFR(
            ZONE, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), key);
    in.setTimeout(Duration.ofSeconds(10));
    return in;
  }

  /** One request over TCP, every message of its answer. */
  static List<Message> exchange(int port, Message request) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      byte[] wire = request.toWire(65535);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(wire.length);
      out.write(wire);
      out.flush();
      s.shutdownOutput();
      DataInputStream in = new DataInputStream(s.getInputStream());
      List<Message> answer = new ArrayList<>();
      while (true) {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (java.io.EOFException end) {
          return answer;
        }
        byte[] m = new byte[length];
        in.readFully(m);
        answer.add(new Message(m));
      }
    }
  }

  static Message query(int type, TSIG key) {
    Message m = Message.newQuery(Record.newRecord(ZONE, type, DClass.IN));
    if (key != null) {
      m.setTSIG(key);
    }
    return m;
  }

  @Test
  void theAllowedKeyTransfersTheWholeZoneInSignedMessages() throws Exception {
    zone.addAll(ZoneTransferAnswerTest.records(4000));
    int port = start(transfers(100_000, 2), Duration.ofSeconds(10));
    ZoneTransferIn in = axfr(port, new TSIG(TSIG.HMAC_SHA256, ALLOWED, SECRET));
    in.run(); // verifies every message's TSIG, fails on a bad one
    List<Record> got = in.getAXFR();
    assertEquals(ZoneTransferAnswerTest.SOA, got.get(0));
    assertEquals(ZoneTransferAnswerTest.SOA, got.get(got.size() - 1));
    assertEquals(zone, got.subList(1, got.size() - 1));
    assertEquals(
        1,
        metrics.count(
            new UpdateMetrics.Series(ALLOWED.toString(), ZONE.toString(), "axfr-NOERROR")));
  }

  @Test
  void noKeyAWrongSecretAnUnknownKeyAndAKeyTheZoneDoesNotNameLearnNothing() throws Exception {
    zone.addAll(ZoneTransferAnswerTest.records(3));
    int port = start(transfers(100, 2), Duration.ofSeconds(10));
    byte[] wrong = SECRET.clone();
    wrong[31] = 1;
    Object[][] cases = {
      {null, Rcode.REFUSED, "axfr-REFUSED"},
      {new TSIG(TSIG.HMAC_SHA256, ALLOWED, wrong), Rcode.NOTAUTH, "axfr-BADSIG"},
      {
        new TSIG(TSIG.HMAC_SHA256, Name.fromConstantString("nobody.example."), SECRET),
        Rcode.NOTAUTH,
        "axfr-BADKEY"
      },
      // a key the zone's update policy may allow does not transfer it: the transfer policy decides
      {new TSIG(TSIG.HMAC_SHA256, UPDATER, UPDATER_SECRET), Rcode.REFUSED, "axfr-REFUSED"},
    };
    for (Object[] c : cases) {
      List<Message> answer = exchange(port, query(Type.AXFR, (TSIG) c[0]));
      assertEquals(1, answer.size(), c[2] + ": one message");
      assertEquals(c[1], answer.get(0).getRcode(), c[2].toString());
      assertTrue(answer.get(0).getSection(Section.ANSWER).isEmpty(), c[2] + " learned records");
      assertThrows(
          ZoneTransferException.class, () -> axfr(port, (TSIG) c[0]).run(), c[2].toString());
    }
    assertEquals(0, reads, "no record was read for a refused request");
    assertEquals(2, metrics.count(new UpdateMetrics.Series("", "", "axfr-BADSIG")));
    assertEquals(
        2,
        metrics.count(
            new UpdateMetrics.Series(UPDATER.toString(), ZONE.toString(), "axfr-REFUSED")));
  }

  @Test
  void aKeyNotNamedByTheZoneIsAdmittedFromOneOfTheZonesNetworks() throws Exception {
    access = new TransferAccess(List.of("127.0.0.0/8"), Set.of(ALLOWED));
    int port = start(transfers(100, 2), Duration.ofSeconds(10));
    ZoneTransferIn in = axfr(port, new TSIG(TSIG.HMAC_SHA256, UPDATER, UPDATER_SECRET));
    in.run();
    assertEquals(2, in.getAXFR().size());
    // but never unsigned, even from there
    assertEquals(Rcode.REFUSED, exchange(port, query(Type.AXFR, null)).get(0).getRcode());
  }

  @Test
  void aNameThatIsNoFeluZoneIsNotauthAndANonInClassToo() throws Exception {
    int port = start(transfers(100, 2), Duration.ofSeconds(10));
    TSIG key = new TSIG(TSIG.HMAC_SHA256, ALLOWED, SECRET);
    Message other =
        Message.newQuery(
            Record.newRecord(Name.fromConstantString("other.test."), Type.AXFR, DClass.IN));
    other.setTSIG(key);
    Message answer = exchange(port, other).get(0);
    assertEquals(Rcode.NOTAUTH, answer.getRcode());
    assertTrue(answer.getTSIG() != null, "signed");
    Message chaos = Message.newQuery(Record.newRecord(ZONE, Type.AXFR, DClass.CH));
    chaos.setTSIG(key);
    assertEquals(Rcode.NOTAUTH, exchange(port, chaos).get(0).getRcode());
  }

  @Test
  void anIxfrIsTheSoaAloneWhenCurrentElseTheWholeZoneAndFormerrWithoutASerial() throws Exception {
    zone.addAll(ZoneTransferAnswerTest.records(2));
    int port = start(transfers(100, 2), Duration.ofSeconds(10));
    TSIG key = new TSIG(TSIG.HMAC_SHA256, ALLOWED, SECRET);
    ZoneTransferIn current =
        ZoneTransferIn.newIXFR(
            ZONE, 42, false, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), key);
    current.setTimeout(Duration.ofSeconds(10));
    current.run();
    assertTrue(current.isCurrent());
    ZoneTransferIn older =
        ZoneTransferIn.newIXFR(
            ZONE, 40, false, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), key);
    older.setTimeout(Duration.ofSeconds(10));
    older.run();
    assertTrue(older.isAXFR(), "the whole zone, as RFC 1995 §4 allows");
    assertEquals(zone.size() + 2, older.getAXFR().size()); // SOA first and last
    assertEquals(Rcode.FORMERR, exchange(port, query(Type.IXFR, key)).get(0).getRcode());
  }

  @Test
  void overUdpAnAxfrIsNotimpAndAnIxfrTheSoaAlone() throws Exception {
    zone.addAll(ZoneTransferAnswerTest.records(2));
    UpdateTransfers transfers = transfers(100, 2);
    TSIG key = new TSIG(TSIG.HMAC_SHA256, ALLOWED, SECRET);
    InetAddress local = InetAddress.getLoopbackAddress();
    byte[] axfr = query(Type.AXFR, key).toWire(65535);
    Message notimp = new Message(transfers.udp(axfr, local, (w, f) -> null));
    assertEquals(Rcode.NOTIMP, notimp.getRcode());
    assertTrue(notimp.getSection(Section.ANSWER).isEmpty());
    Message ixfr = query(Type.IXFR, null);
    ixfr.addRecord(new SOARecord(ZONE, DClass.IN, 0, ZONE, ZONE, 1, 0, 0, 0, 0), Section.AUTHORITY);
    ixfr.setTSIG(key);
    Message soa = new Message(transfers.udp(ixfr.toWire(65535), local, (w, f) -> null));
    assertEquals(List.of(ZoneTransferAnswerTest.SOA), soa.getSection(Section.ANSWER));
    // anything else goes on to the UPDATE handling
    byte[] other = Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN)).toWire();
    assertNull(transfers.udp(other, local, (w, f) -> null));
  }

  @Test
  void aZoneOverTheBoundIsRefusedAndTransfersBeyondTheLimitToo() throws Exception {
    zone.addAll(ZoneTransferAnswerTest.records(6)); // 12 records
    UpdateTransfers transfers = transfers(10, 1);
    TSIG key = new TSIG(TSIG.HMAC_SHA256, ALLOWED, SECRET);
    InetAddress local = InetAddress.getLoopbackAddress();
    UpdateListener.Answer big = transfers.tcp(query(Type.AXFR, key).toWire(65535), local, null);
    Message refused = new Message(big.next());
    assertEquals(Rcode.REFUSED, refused.getRcode());
    assertTrue(refused.getSection(Section.ANSWER).isEmpty());
    big.close();
    assertEquals(
        1,
        metrics.count(
            new UpdateMetrics.Series(ALLOWED.toString(), ZONE.toString(), "axfr-too-large")));

    zone.subList(5, zone.size()).clear();
    UpdateListener.Answer first = transfers.tcp(query(Type.AXFR, key).toWire(65535), local, null);
    assertEquals(Rcode.NOERROR, new Message(first.next()).getRcode());
    // the first answer is still being sent: the one permit is taken
    UpdateListener.Answer second = transfers.tcp(query(Type.AXFR, key).toWire(65535), local, null);
    assertEquals(Rcode.REFUSED, new Message(second.next()).getRcode());
    first.close();
    UpdateListener.Answer third = transfers.tcp(query(Type.AXFR, key).toWire(65535), local, null);
    assertEquals(Rcode.NOERROR, new Message(third.next()).getRcode());
    third.close();
  }

  @Test
  void aClientThatStopsReadingIsDroppedAtTheDeadlineAndTheAnswerClosed() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    byte[] message = new byte[60_000];
    listener =
        UpdateListener.start(
            new UpdateListener.Settings(
                InetAddress.getLoopbackAddress(), 0, 4, Duration.ofMillis(500)),
            Thread::new,
            (wire, from) -> null,
            (wire, from) ->
                new UpdateListener.Answer() {
                  int sent;

                  @Override
                  public boolean hasNext() {
                    return sent < 2000; // 120 MB: far more than the socket buffers hold
                  }

                  @Override
                  public byte[] next() {
                    sent++;
                    return message;
                  }

                  @Override
                  public void close() {
                    closed.countDown();
                  }
                });
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.port()));
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(3);
      out.write(new byte[3]);
      out.flush();
      // never reads
      assertTrue(closed.await(20, TimeUnit.SECONDS), "the stalled answer was closed");
    }
    // the listener goes on serving
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.port())) {
      s.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(3);
      out.write(new byte[3]);
      out.flush();
      assertEquals(60_000, new DataInputStream(s.getInputStream()).readUnsignedShort());
    }
  }
}
