package dev.felu.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

class ProtocolCodecTest {
  static ZoneContent zone(String name, String... records) throws Exception {
    Name origin = Name.fromString(name);
    List<Record> rrs =
        Arrays.stream(records)
            .map(
                r -> {
                  try {
                    return parse(r, origin);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toList();
    return new ZoneContent(origin, rrs);
  }

  static Record parse(String line, Name origin) throws Exception {
    try (org.xbill.DNS.Master m =
        new org.xbill.DNS.Master(new java.io.ByteArrayInputStream(line.getBytes()), origin, 3600)) {
      return m.nextRecord();
    }
  }

  private static Message roundTrip(Message m) throws ProtocolException {
    return ProtocolCodec.decodeMessage(ProtocolCodec.encode(m));
  }

  @Test
  void everyMessageOfATransferSurvivesTheWire() throws Exception {
    ZoneContent z =
        zone(
            "example.test.",
            "@ 3600 IN SOA ns1 hostmaster 1 3600 600 604800 300",
            "@ 3600 IN NS ns1",
            "www 300 IN A 192.0.2.10",
            "txt 300 IN TXT \"hello world\"",
            "v6 60 IN AAAA 2001:db8::1");
    ConfigHash hash = ConfigHash.EMPTY.plus(z.digest());

    Message.Begin begin = Message.Begin.delta(3, 7, hash);
    assertEquals(begin, roundTrip(begin));
    assertEquals(Message.Begin.snapshot(7, hash), roundTrip(Message.Begin.snapshot(7, hash)));
    Message.ZoneChunk chunk =
        new Message.ZoneChunk(
            1,
            List.of(
                new Message.ZonePart(z.name(), true, z.records().subList(0, 2)),
                new Message.ZonePart(z.name(), false, z.records().subList(2, 5))));
    Message.ZoneChunk got = assertInstanceOf(Message.ZoneChunk.class, roundTrip(chunk));
    assertEquals(chunk, got);
    Message.Removals removals = new Message.Removals(2, List.of(Name.fromString("gone.test.")));
    assertEquals(removals, roundTrip(removals));
    Message.Commit commit = new Message.Commit(3, 1, 5, 1);
    assertEquals(commit, roundTrip(commit));
    assertEquals(new Message.StatusRequest(), roundTrip(new Message.StatusRequest()));
  }

  @Test
  void transferPolicySurvivesTheWireAndNeverShowsItsSecret() throws Exception {
    byte[] secret = "0123456789abcdef0123456789abcdef".getBytes();
    Message.PolicyKey key =
        new Message.PolicyKey(
            Name.fromString("xfr.example."), Name.fromString("hmac-sha256."), secret);
    Message.TransferPolicy policy =
        new Message.TransferPolicy(
            4,
            List.of(key),
            List.of(
                new Message.ZonePolicy(
                    Name.fromString("example.test."),
                    List.of("192.0.2.0/24", "2001:db8::/32"),
                    List.of(key.name()),
                    List.of(
                        new Message.NotifyTarget("192.0.2.53", 53, key.name()),
                        new Message.NotifyTarget("2001:db8::53", 5353, null))),
                new Message.ZonePolicy(Name.fromString("other.test."), List.of(), List.of())));
    assertEquals(policy, roundTrip(policy));
    String secretText = new String(secret);
    assertTrue(!policy.toString().contains(secretText), policy.toString());
    assertTrue(
        !policy.toString().contains(java.util.Base64.getEncoder().encodeToString(secret)),
        policy.toString());
  }

  @Test
  void writerSendsThePolicyAfterRemovalsAndBeforeTheCommit() throws Exception {
    List<Message> out = new ArrayList<>();
    TransferWriter w = new TransferWriter(Message.Begin.delta(1, 2, ConfigHash.EMPTY), out::add);
    w.removal(Name.fromString("gone.test."));
    w.policy(List.of(), List.of());
    w.commit();
    assertInstanceOf(Message.Removals.class, out.get(1));
    Message.TransferPolicy p = assertInstanceOf(Message.TransferPolicy.class, out.get(2));
    assertEquals(2, p.sequence());
    assertEquals(new Message.Commit(3, 0, 0, 1), out.get(3));
    assertThrows(IllegalStateException.class, () -> w.policy(List.of(), List.of()));
  }

  @Test
  void replyCarriesTheError() throws Exception {
    Reply r = new Reply(5, ConfigHash.EMPTY, true, "delta base 4 does not match held revision 5");
    assertEquals(r, ProtocolCodec.decodeReply(ProtocolCodec.encode(r)));
    Reply ok = new Reply(5, ConfigHash.EMPTY, false, null);
    assertEquals(ok, ProtocolCodec.decodeReply(ProtocolCodec.encode(ok)));
  }

  @Test
  void aBigZoneIsCutIntoBoundedChunksThatRebuildIt() throws Exception {
    Name origin = Name.fromString("big.test.");
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      records.add(
          new ARecord(
              Name.fromString("host" + i, origin),
              DClass.IN,
              300,
              java.net.InetAddress.getByAddress(
                  new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i})));
    }
    ZoneContent big = new ZoneContent(origin, records);
    ZoneContent small = zone("small.test.", "www 60 IN A 192.0.2.1");
    List<byte[]> frames = new ArrayList<>();
    TransferWriter w =
        new TransferWriter(
            Message.Begin.snapshot(1, ConfigHash.EMPTY),
            m -> frames.add(ProtocolCodec.encode(m)),
            256 * 1024,
            TransferWriter.MAX_CHUNK_RECORDS);
    w.zone(small);
    w.zone(big);
    Message.Commit commit = w.commit();

    assertTrue(frames.size() > 5, "a 50,000-record zone spans chunks: " + frames.size());
    List<Record> rebuilt = new ArrayList<>();
    int zonesEnded = 0;
    long sequence = 0;
    for (byte[] f : frames) {
      assertTrue(f.length <= 300 * 1024, "frame of " + f.length + " bytes");
      Message m = ProtocolCodec.decodeMessage(f);
      if (m instanceof Message.ZoneChunk c) {
        assertEquals(++sequence, c.sequence());
        for (Message.ZonePart p : c.parts()) {
          if (p.zone().equals(origin)) {
            rebuilt.addAll(p.records());
          }
          zonesEnded += p.continued() ? 0 : 1;
        }
      }
    }
    assertEquals(records, rebuilt);
    assertEquals(2, zonesEnded);
    assertEquals(new Message.Commit(sequence + 1, 2, 50_001, 0), commit);
  }

  @Test
  void truncatedOrForeignFramesAreRefusedWithAReason() throws Exception {
    ZoneContent z = zone("a.test.", "www 60 IN A 192.0.2.1");
    for (Message m :
        TransferWriter.messages(
            Message.Begin.delta(1, 2, ConfigHash.EMPTY),
            List.of(z),
            List.of(Name.fromString("b.test.")))) {
      byte[] frame = ProtocolCodec.encode(m);
      for (int cut = 0; cut < frame.length; cut++) {
        byte[] part = Arrays.copyOf(frame, cut);
        ProtocolException e =
            assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeMessage(part));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
      }
      byte[] trailing = Arrays.copyOf(frame, frame.length + 1);
      assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeMessage(trailing));
    }
    assertThrows(
        ProtocolException.class, () -> ProtocolCodec.decodeMessage("GET / HTTP/1.1".getBytes()));
  }

  @Test
  void anotherProtocolVersionIsRefusedByName() {
    byte[] v1 = ProtocolCodec.encode(new Message.StatusRequest());
    v1[2] = 1;
    ProtocolException e =
        assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeMessage(v1));
    assertEquals("unsupported protocol version 1 (this side speaks version 2)", e.getMessage());
    byte[] reply = ProtocolCodec.encode(new Reply(1, ConfigHash.EMPTY, true, null));
    reply[2] = 3;
    assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeReply(reply));
  }

  @Test
  void oversizeCountsAndFramesAreRefusedBeforeAllocating() throws Exception {
    // a chunk claiming two billion zone parts in a 20-byte frame
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(new byte[] {'F', 'L', ProtocolCodec.VERSION, 5});
    out.writeLong(1);
    out.writeInt(Integer.MAX_VALUE);
    ProtocolException e =
        assertThrows(
            ProtocolException.class, () -> ProtocolCodec.decodeMessage(bytes.toByteArray()));
    assertTrue(e.getMessage().contains("impossible zone part count"), e.getMessage());

    // a removal list with a negative count
    bytes.reset();
    out.write(new byte[] {'F', 'L', ProtocolCodec.VERSION, 6});
    out.writeLong(1);
    out.writeInt(-1);
    e =
        assertThrows(
            ProtocolException.class, () -> ProtocolCodec.decodeMessage(bytes.toByteArray()));
    assertTrue(e.getMessage().contains("impossible removal count"), e.getMessage());

    byte[] huge = new byte[ProtocolCodec.MAX_FRAME + 1];
    huge[0] = 'F';
    huge[1] = 'L';
    huge[2] = ProtocolCodec.VERSION;
    e = assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeMessage(huge));
    assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
  }

  @Test
  void aTransferCannotBeBuiltOutOfOrder() throws Exception {
    TransferWriter snapshot =
        new TransferWriter(Message.Begin.snapshot(1, ConfigHash.EMPTY), m -> {});
    assertThrows(IllegalStateException.class, () -> snapshot.removal(Name.fromString("x.test.")));
    snapshot.startZone(Name.fromString("a.test."));
    assertThrows(IllegalStateException.class, snapshot::commit);
    assertThrows(IllegalArgumentException.class, () -> Message.Begin.delta(5, 5, ConfigHash.EMPTY));
  }
}
