package dev.felu.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
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

  @Test
  void snapshotSurvivesTheWireWithItsRecordsAndHash() throws Exception {
    ZoneContent z =
        zone(
            "example.test.",
            "@ 3600 IN SOA ns1 hostmaster 1 3600 600 604800 300",
            "@ 3600 IN NS ns1",
            "www 300 IN A 192.0.2.10",
            "txt 300 IN TXT \"hello world\"");
    ConfigHash hash = ConfigHash.EMPTY.plus(z.digest());
    Message sent = new Message.Snapshot(7, hash, List.of(z));

    Message got = ProtocolCodec.decodeMessage(ProtocolCodec.encode(sent));

    Message.Snapshot s = assertInstanceOf(Message.Snapshot.class, got);
    assertEquals(7, s.revision());
    assertEquals(hash, s.hash());
    assertEquals(z.records(), s.zones().get(0).records());
    assertEquals(z.digest(), s.zones().get(0).digest());
  }

  @Test
  void deltaSurvivesTheWire() throws Exception {
    ZoneContent z = zone("a.test.", "www 60 IN AAAA 2001:db8::1");
    Message.Delta d =
        new Message.Delta(
            3,
            4,
            ConfigHash.EMPTY.plus(z.digest()),
            List.of(z),
            List.of(Name.fromString("gone.test.")));

    Message.Delta got = (Message.Delta) ProtocolCodec.decodeMessage(ProtocolCodec.encode(d));

    assertEquals(3, got.baseRevision());
    assertEquals(4, got.revision());
    assertEquals(d.hash(), got.hash());
    assertEquals(List.of(Name.fromString("gone.test.")), got.removals());
    assertEquals(z.records(), got.puts().get(0).records());
  }

  @Test
  void replyCarriesTheError() throws Exception {
    Reply r = new Reply(5, ConfigHash.EMPTY, true, "delta base 4 does not match held revision 5");
    assertEquals(r, ProtocolCodec.decodeReply(ProtocolCodec.encode(r)));
    Reply ok = new Reply(5, ConfigHash.EMPTY, false, null);
    assertEquals(ok, ProtocolCodec.decodeReply(ProtocolCodec.encode(ok)));
  }

  @Test
  void truncatedOrForeignFramesAreRefusedWithAReason() throws Exception {
    byte[] frame =
        ProtocolCodec.encode(
            new Message.Snapshot(
                1, ConfigHash.EMPTY, List.of(zone("a.test.", "www 60 IN A 192.0.2.1"))));
    for (int cut = 0; cut < frame.length; cut++) {
      byte[] part = Arrays.copyOf(frame, cut);
      ProtocolException e =
          assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeMessage(part));
      assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }
    assertThrows(
        ProtocolException.class, () -> ProtocolCodec.decodeMessage("GET / HTTP/1.1".getBytes()));
    byte[] trailing = Arrays.copyOf(frame, frame.length + 1);
    assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeMessage(trailing));
  }
}
