package dev.felu.ns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.adapter.NameserverEngine;
import dev.felu.ns.api.NameserverMetrics;
import dev.felu.ns.dns.DaemonThreads;
import dev.felu.ns.dns.ListenerSettings;
import dev.felu.ns.dns.ResponderSettings;
import dev.felu.ns.xfr.NotifySender;
import dev.felu.ns.xfr.Transfers;
import dev.felu.ns.zone.Zones;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.ZoneContent;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * NOTIFY wired inside one nameserver, over real loopback sockets: a secondary (a UDP socket this
 * test answers from) named in the policy gets a NOTIFY, signed with its key and carrying the new
 * SOA, as soon as a new serial of the zone is served; an unanswered NOTIFY is sent again with the
 * same id until the retries run out; an answer signed with the wrong key does not count; and an
 * incoming NOTIFY is answered NOTAUTH, as Knot answers one for a zone it is primary of.
 */
class NotifyWiringTest {
  private static final Name ZONE = Name.fromConstantString("example.test.");
  private static final Name KEY = Name.fromConstantString("notify.example.");
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final NameserverEngine engine =
      new NameserverEngine(
          ListenerSettings.defaults(new InetSocketAddress("127.0.0.1", 0)),
          new ResponderSettings(1232, null, null),
          Transfers.Settings.DEFAULTS,
          new NotifySender.Settings(100, 2, 100),
          new DaemonThreads());
  private final NameserverMetrics metrics = engine.metrics();
  private DatagramSocket secondary;

  @BeforeEach
  void secondary() throws Exception {
    secondary = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    secondary.setSoTimeout(5000);
  }

  @AfterEach
  void stop() throws Exception {
    engine.close();
    secondary.close();
  }

  private static ZoneContent zone(int serial) {
    return Zones.content(
        "example.test.",
        "@ 3600 IN SOA ns1 hostmaster "
            + serial
            + " 3600 600 604800 300\n@ IN NS ns1\nwww 300 IN A 192.0.2.1\n");
  }

  private Message.ZonePolicy notifying(Name key) {
    return new Message.ZonePolicy(
        ZONE,
        List.of(),
        List.of(KEY),
        List.of(new Message.NotifyTarget("127.0.0.1", secondary.getLocalPort(), key)));
  }

  private void apply(Message.Begin begin, ZoneContent zone, Message.ZonePolicy rule)
      throws Exception {
    Configs.apply(
        engine,
        begin,
        List.of(zone),
        List.of(new Message.PolicyKey(KEY, TSIG.HMAC_SHA256, SECRET)),
        List.of(rule));
  }

  /** One datagram the secondary received: the message, its bytes and where it came from. */
  private record Received(org.xbill.DNS.Message message, byte[] wire, InetSocketAddress from) {}

  private Received receive() throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
    secondary.receive(p);
    byte[] wire = Arrays.copyOf(p.getData(), p.getLength());
    return new Received(
        new org.xbill.DNS.Message(wire), wire, (InetSocketAddress) p.getSocketAddress());
  }

  private void answer(Received notify, TSIG key) throws Exception {
    org.xbill.DNS.Message a = new org.xbill.DNS.Message(notify.message().getHeader().getID());
    a.getHeader().setFlag(Flags.QR);
    a.getHeader().setFlag(Flags.AA);
    a.getHeader().setOpcode(Opcode.NOTIFY);
    a.addRecord(notify.message().getQuestion(), Section.QUESTION);
    if (key != null) {
      a.setTSIG(key, Rcode.NOERROR, notify.message().getTSIG());
    }
    byte[] wire = a.toWire(65535); // signs (toWire() without a size does not)
    secondary.send(new DatagramPacket(wire, wire.length, notify.from()));
  }

  @Test
  void aNewSerialIsNotifiedSignedAndAnAnswerEndsIt() throws Exception {
    ZoneContent v1 = zone(1);
    apply(Message.Begin.snapshot(1, ConfigHash.EMPTY.plus(v1.digest())), v1, notifying(KEY));

    Received n = receive();
    assertEquals(Opcode.NOTIFY, n.message().getHeader().getOpcode());
    assertTrue(n.message().getHeader().getFlag(Flags.AA));
    assertEquals(ZONE, n.message().getQuestion().getName());
    assertEquals(Type.SOA, n.message().getQuestion().getType());
    SOARecord soa = (SOARecord) n.message().getSection(Section.ANSWER).get(0);
    assertEquals(1, soa.getSerial());
    assertEquals(engine.dnsAddress().getAddress(), n.from().getAddress(), "from the DNS address");
    TSIG key = new TSIG(TSIG.HMAC_SHA256, KEY, SECRET);
    assertEquals(Rcode.NOERROR, key.verify(n.message(), n.wire(), null), "signed with the key");

    answer(n, key);
    await(() -> metrics.notifies("answered") == 1, "the answer counted");
    assertEquals(0, metrics.notifiesPending());
    assertEquals(1, metrics.notifyMessagesSent());

    // the next serial is notified again
    ZoneContent v2 = zone(2);
    apply(Message.Begin.delta(1, 2, ConfigHash.EMPTY.plus(v2.digest())), v2, notifying(KEY));
    Received again = receive();
    assertEquals(2, ((SOARecord) again.message().getSection(Section.ANSWER).get(0)).getSerial());
    answer(again, key);
    await(() -> metrics.notifies("answered") == 2, "the second answer counted");
  }

  @Test
  void anUnansweredNotifyIsRetriedWithItsIdThenGivenUp() throws Exception {
    ZoneContent v1 = zone(7);
    apply(Message.Begin.snapshot(1, ConfigHash.EMPTY.plus(v1.digest())), v1, notifying(null));

    Received first = receive();
    assertNull(first.message().getTSIG(), "no key: unsigned");
    int id = first.message().getHeader().getID();
    // settings: 2 retries, so 3 messages in all, each with the same id
    for (int i = 0; i < 2; i++) {
      assertEquals(id, receive().message().getHeader().getID());
    }
    await(() -> metrics.notifies("timeout") == 1, "given up after the retries");
    assertEquals(3, metrics.notifyMessagesSent());
    assertEquals(0, metrics.notifiesPending());
    secondary.setSoTimeout(500);
    try {
      Received extra = receive();
      throw new AssertionError("a fourth NOTIFY after giving up: " + extra.message());
    } catch (SocketTimeoutException expected) {
      // nothing more is sent
    }
  }

  @Test
  void anAnswerSignedWithAnotherSecretIsIgnored() throws Exception {
    ZoneContent v1 = zone(3);
    apply(Message.Begin.snapshot(1, ConfigHash.EMPTY.plus(v1.digest())), v1, notifying(KEY));
    Received n = receive();
    answer(n, new TSIG(TSIG.HMAC_SHA256, KEY, "fedcba9876543210fedcba9876543210".getBytes()));
    Received retry = receive(); // not taken as an answer: sent again
    assertEquals(n.message().getHeader().getID(), retry.message().getHeader().getID());
    assertEquals(0, metrics.notifies("answered"));
    answer(retry, new TSIG(TSIG.HMAC_SHA256, KEY, SECRET));
    await(() -> metrics.notifies("answered") == 1, "the rightly signed answer counted");
  }

  @Test
  void anIncomingNotifyIsAnsweredNotauthLikeAPrimary() throws Exception {
    ZoneContent v1 = zone(1);
    apply(Message.Begin.snapshot(1, ConfigHash.EMPTY.plus(v1.digest())), v1, notifying(null));
    receive(); // our own NOTIFY to the secondary, left unanswered

    SimpleResolver r = new SimpleResolver(engine.dnsAddress());
    r.setTimeout(Duration.ofSeconds(3));
    for (boolean tcp : new boolean[] {false, true}) {
      r.setTCP(tcp);
      org.xbill.DNS.Message notify = new org.xbill.DNS.Message();
      notify.getHeader().setOpcode(Opcode.NOTIFY);
      notify.getHeader().setFlag(Flags.AA);
      notify.addRecord(Record.newRecord(ZONE, Type.SOA, DClass.IN), Section.QUESTION);
      org.xbill.DNS.Message answer = r.send(notify);
      assertEquals(Rcode.NOTAUTH, answer.getRcode(), "tcp=" + tcp);
      assertEquals(Opcode.NOTIFY, answer.getHeader().getOpcode());
      assertEquals(ZONE, answer.getQuestion().getName());
    }
    // a signed NOTIFY is answered signed
    r.setTCP(false);
    r.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, KEY, SECRET));
    org.xbill.DNS.Message notify = new org.xbill.DNS.Message();
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    notify.addRecord(Record.newRecord(ZONE, Type.SOA, DClass.IN), Section.QUESTION);
    org.xbill.DNS.Message answer = r.send(notify);
    assertEquals(Rcode.NOTAUTH, answer.getRcode());
    assertNotNull(answer.getTSIG());
    assertTrue(answer.isVerified(), "the answer's signature verifies");
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("not within " + DEADLINE + ": " + what);
      }
      Thread.sleep(5); // poll interval, not a guess at how long the work takes
    }
  }
}
