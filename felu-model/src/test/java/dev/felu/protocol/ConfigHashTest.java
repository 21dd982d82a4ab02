package dev.felu.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

class ConfigHashTest {
  @Test
  void replacingAZoneIncrementallyEqualsHashingFromScratch() throws Exception {
    ZoneContent a1 = ProtocolCodecTest.zone("a.test.", "www 60 IN A 192.0.2.1");
    ZoneContent a2 = ProtocolCodecTest.zone("a.test.", "www 60 IN A 192.0.2.2");
    ZoneContent b = ProtocolCodecTest.zone("b.test.", "mail 60 IN MX 10 mx.b.test.");

    ConfigHash before = ConfigHash.EMPTY.plus(a1.digest()).plus(b.digest());
    ConfigHash incremental = before.minus(a1.digest()).plus(a2.digest());
    ConfigHash scratch = ConfigHash.EMPTY.plus(b.digest()).plus(a2.digest());

    assertEquals(scratch, incremental);
    assertNotEquals(before, incremental);
    assertEquals(ConfigHash.EMPTY, incremental.minus(a2.digest()).minus(b.digest()));
    assertEquals(incremental, ConfigHash.fromHex(incremental.hex()));
  }

  @Test
  void zoneDigestIgnoresRecordOrderAndNameCaseButNotTtl() throws Exception {
    ZoneContent z =
        ProtocolCodecTest.zone(
            "a.test.", "www 60 IN A 192.0.2.1", "www 60 IN A 192.0.2.2", "x 60 IN TXT hi");
    List<Record> shuffled = new ArrayList<>(z.records());
    Collections.reverse(shuffled);
    assertEquals(z.digest(), ZoneDigest.of(Name.fromString("A.TEST."), shuffled));

    ZoneContent ttl =
        ProtocolCodecTest.zone(
            "a.test.", "www 61 IN A 192.0.2.1", "www 60 IN A 192.0.2.2", "x 60 IN TXT hi");
    assertNotEquals(z.digest(), ttl.digest());
  }
}
