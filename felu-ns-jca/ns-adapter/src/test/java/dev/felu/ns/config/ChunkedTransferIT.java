package dev.felu.ns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.ns.adapter.NameserverEngine;
import dev.felu.ns.dns.DaemonThreads;
import dev.felu.ns.dns.ListenerSettings;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.Reply;
import dev.felu.protocol.TransferWriter;
import dev.felu.protocol.ZoneContent;
import dev.felu.protocol.ZoneDigest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Protocol v2 transfers into a real nameserver engine: a configuration of a million records in
 * bounded chunks, and every way a transfer can be cut short leaving the old table serving.
 */
class ChunkedTransferIT {
  private final NameserverEngine engine =
      new NameserverEngine(
          ListenerSettings.defaults(new InetSocketAddress("127.0.0.1", 0)), new DaemonThreads());

  @AfterEach
  void stop() throws Exception {
    engine.close();
  }

  /** Zone {@code i}: SOA, NS and {@code hosts} A records, generated the same way every time. */
  private static List<Record> zoneRecords(Name origin, int hosts) throws Exception {
    List<Record> rrs = new ArrayList<>(hosts + 2);
    Name ns = new Name("ns1", origin);
    rrs.add(
        new SOARecord(
            origin, DClass.IN, 3600, ns, new Name("hostmaster", origin), 1, 3600, 600, 86400, 300));
    rrs.add(new NSRecord(origin, DClass.IN, 3600, ns));
    byte[] address = new byte[4];
    for (int h = 0; h < hosts; h++) {
      address[0] = 10;
      address[1] = (byte) (h >> 16);
      address[2] = (byte) (h >> 8);
      address[3] = (byte) h;
      rrs.add(
          new ARecord(
              new Name("host" + h, origin), DClass.IN, 300, InetAddress.getByAddress(address)));
    }
    return rrs;
  }

  private static final int SMALL_ZONES = 4_000;
  private static final int SMALL_HOSTS = 198; // + SOA + NS = 200 records each: 800,000
  private static final int BIG_HOSTS = 250_000;

  private static Name zoneName(int i) throws Exception {
    return i < 0 ? Name.fromString("big.test.") : Name.fromString("z" + i + ".test.");
  }

  private static List<Record> records(int i) throws Exception {
    return zoneRecords(zoneName(i), i < 0 ? BIG_HOSTS : SMALL_HOSTS);
  }

  private Reply send(Message m) throws Exception {
    return ProtocolCodec.decodeReply(engine.handleConfigFrame(ProtocolCodec.encode(m)));
  }

  @Test
  void aMillionRecordSnapshotTravelsInBoundedFramesAndIsServed() throws Exception {
    // first pass: the hash, zone by zone, so no more than one zone is ever held by the test
    ConfigHash hash = ConfigHash.EMPTY;
    for (int i = -1; i < SMALL_ZONES; i++) {
      hash = hash.plus(ZoneDigest.of(zoneName(i), records(i)));
    }
    long[] frames = {0, 0};
    Reply[] last = {null};
    TransferWriter w =
        new TransferWriter(
            Message.Begin.snapshot(42, hash),
            m -> {
              byte[] frame = ProtocolCodec.encode(m);
              frames[0]++;
              frames[1] = Math.max(frames[1], frame.length);
              Reply r;
              try {
                r = ProtocolCodec.decodeReply(engine.handleConfigFrame(frame));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              if (!r.ok()) {
                throw new AssertionError("frame " + frames[0] + " refused: " + r.error());
              }
              last[0] = r;
            });
    for (int i = -1; i < SMALL_ZONES; i++) {
      w.startZone(zoneName(i));
      for (Record r : records(i)) {
        w.record(r);
      }
      w.endZone();
      if (i == -1) {
        assertEquals(Reply.NO_REVISION, send(new Message.StatusRequest()).revision());
      }
    }
    w.commit();

    assertTrue(w.recordCount() >= 1_000_000, "records: " + w.recordCount());
    assertTrue(
        frames[1] <= TransferWriter.TARGET_CHUNK_BYTES + 64 * 1024
            && frames[1] <= ProtocolCodec.MAX_FRAME,
        "largest frame " + frames[1]);
    assertTrue(frames[0] > 50, "frames: " + frames[0]);
    assertEquals(42, last[0].revision());
    assertEquals(hash, last[0].hash());
    assertTrue(last[0].serving());
    System.out.printf(
        "snapshot: %d zones, %d records in %d frames, largest %d bytes%n",
        w.zoneCount(), w.recordCount(), frames[0], frames[1]);

    assertAddress("host249999.big.test.", "10.3.208.143");
    assertAddress("host0.big.test.", "10.0.0.0");
    assertAddress("host197.z3999.test.", "10.0.0.197");
    assertAddress("host5.z17.test.", "10.0.0.5");
  }

  private void assertAddress(String name, String expected) throws Exception {
    SimpleResolver r = new SimpleResolver(engine.dnsAddress());
    r.setTimeout(Duration.ofSeconds(5));
    for (boolean tcp : new boolean[] {false, true}) {
      r.setTCP(tcp);
      org.xbill.DNS.Message answer =
          r.send(
              org.xbill.DNS.Message.newQuery(
                  Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
      assertEquals(Rcode.NOERROR, answer.getRcode(), name);
      assertEquals(
          expected,
          ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress(),
          name);
    }
  }

  // ---- interrupted transfers: the old table keeps serving ----

  private ConfigHash hashOf(List<ZoneContent> zones) {
    ConfigHash h = ConfigHash.EMPTY;
    for (ZoneContent z : zones) {
      h = h.plus(z.digest());
    }
    return h;
  }

  private List<ZoneContent> servedAtRevision1() throws Exception {
    List<ZoneContent> zones = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      zones.add(new ZoneContent(zoneName(i), records(i)));
    }
    for (Message m :
        TransferWriter.messages(Message.Begin.snapshot(1, hashOf(zones)), zones, List.of())) {
      assertTrue(send(m).ok());
    }
    return zones;
  }

  /** A transfer of five zones at revision 2, cut in many small chunks. */
  private List<Message> revision2(List<ZoneContent> held) throws Exception {
    List<ZoneContent> zones = new ArrayList<>();
    for (int i = 10; i < 15; i++) {
      zones.add(new ZoneContent(zoneName(i), records(i)));
    }
    List<Message> out = new ArrayList<>();
    TransferWriter w =
        new TransferWriter(Message.Begin.snapshot(2, hashOf(zones)), out::add, 1, 50);
    zones.forEach(w::zone);
    w.commit();
    assertTrue(out.size() > 10, "chunks: " + out.size());
    return out;
  }

  private void assertStillServingRevision1(List<ZoneContent> held) throws Exception {
    Reply status = send(new Message.StatusRequest());
    assertEquals(1, status.revision());
    assertEquals(hashOf(held), status.hash());
    assertAddress("host7.z2.test.", "10.0.0.7");
  }

  @Test
  void aNewBeginDiscardsTheTransferInProgress() throws Exception {
    List<ZoneContent> held = servedAtRevision1();
    List<Message> transfer = revision2(held);
    for (Message m : transfer.subList(0, 5)) {
      assertTrue(send(m).ok());
    }
    assertTrue(send(Message.Begin.snapshot(3, ConfigHash.EMPTY)).ok(), "a new transfer starts");
    Reply stale = send(transfer.get(5));
    assertFalse(stale.ok());
    assertEquals(
        "transfer to revision 3 discarded: chunk 5 out of order, expected 1; keeping revision 1",
        stale.error());
    assertStillServingRevision1(held);

    // after the discards the whole transfer still applies
    Reply last = null;
    for (Message m : transfer) {
      last = send(m);
    }
    assertTrue(last.ok(), last.error());
    assertEquals(2, last.revision());
  }

  @Test
  void aChunkOutOfOrderDiscardsTheTransferAndSaysWhichOneWasExpected() throws Exception {
    List<ZoneContent> held = servedAtRevision1();
    List<Message> transfer = revision2(held);
    assertTrue(send(transfer.get(0)).ok());
    assertTrue(send(transfer.get(1)).ok());
    Reply skipped = send(transfer.get(3));
    assertEquals(
        "transfer to revision 2 discarded: chunk 3 out of order, expected 2; keeping revision 1",
        skipped.error());
    Reply after = send(transfer.get(4));
    assertEquals(
        "chunk 4 refused: no transfer in progress (transfer to revision 2 discarded: chunk 3 out"
            + " of order, expected 2)",
        after.error());
    Reply commit = send(transfer.get(transfer.size() - 1));
    assertFalse(commit.ok());
    assertStillServingRevision1(held);
  }

  @Test
  void aCommitWithTheWrongHashOrCountsChangesNothing() throws Exception {
    List<ZoneContent> held = servedAtRevision1();
    List<Message> transfer = new ArrayList<>(revision2(held));
    Message.Begin begin = (Message.Begin) transfer.get(0);
    transfer.set(0, Message.Begin.snapshot(2, hashOf(held)));
    Reply last = null;
    for (Message m : transfer) {
      last = send(m);
    }
    assertTrue(last.error().startsWith("transfer to revision 2 discarded: hash mismatch"));
    assertTrue(
        last.error()
            .endsWith("management sent " + hashOf(held).shortHex() + "; keeping revision 1"),
        last.error());
    assertStillServingRevision1(held);

    transfer.set(0, begin);
    Message.Commit commit = (Message.Commit) transfer.get(transfer.size() - 1);
    transfer.set(
        transfer.size() - 1,
        new Message.Commit(commit.sequence(), commit.zones(), commit.records() + 1, 0));
    for (Message m : transfer) {
      last = send(m);
    }
    assertTrue(
        last.error().contains("commit announces 5 zones, 1001 records, 0 removals but 5, 1000"),
        last.error());
    assertStillServingRevision1(held);
  }

  @Test
  void aClosedLinkDiscardsTheTransfer() throws Exception {
    List<ZoneContent> held = servedAtRevision1();
    List<Message> transfer = revision2(held);
    for (Message m : transfer.subList(0, transfer.size() - 1)) {
      assertTrue(send(m).ok());
    }
    engine.configLinkClosed();
    Reply commit = send(transfer.get(transfer.size() - 1));
    assertTrue(commit.error().contains("the management link closed mid-transfer"), commit.error());
    assertStillServingRevision1(held);
  }

  @Test
  void aDeltaAppliesOnlyOnExactlyItsBaseAndRemovesZones() throws Exception {
    List<ZoneContent> held = servedAtRevision1();
    ZoneContent changed = new ZoneContent(zoneName(1), zoneRecords(zoneName(1), 3));
    ConfigHash h2 =
        hashOf(held).minus(held.get(1).digest()).minus(held.get(2).digest()).plus(changed.digest());

    Reply wrongBase = null;
    for (Message m :
        TransferWriter.messages(
            Message.Begin.delta(0, 2, h2), List.of(changed), List.of(zoneName(2)))) {
      wrongBase = send(m);
      if (!wrongBase.ok()) {
        break;
      }
    }
    assertEquals("delta 0->2 does not apply to held revision 1", wrongBase.error());
    assertStillServingRevision1(held);

    Reply last = null;
    for (Message m :
        TransferWriter.messages(
            Message.Begin.delta(1, 2, h2), List.of(changed), List.of(zoneName(2)))) {
      last = send(m);
    }
    assertTrue(last.ok(), last.error());
    assertEquals(2, last.revision());
    assertEquals(h2, last.hash());
    SimpleResolver r = new SimpleResolver(engine.dnsAddress());
    org.xbill.DNS.Message gone =
        r.send(
            org.xbill.DNS.Message.newQuery(
                Record.newRecord(Name.fromString("host7.z2.test."), Type.A, DClass.IN)));
    assertEquals(Rcode.REFUSED, gone.getRcode(), "z2.test. was removed");
    assertAddress("host2.z1.test.", "10.0.0.2");
  }
}
