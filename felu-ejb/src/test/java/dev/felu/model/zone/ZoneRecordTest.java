package dev.felu.model.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

class ZoneRecordTest {
  private static String v6(String text) throws Exception {
    return ZoneRecord.rfc5952(InetAddress.getByName(text).getAddress());
  }

  @Test
  void ipv6IsStoredInRfc5952Form() throws Exception {
    assertEquals("2001:db8::1", v6("2001:0DB8:0:0:0:0:0:1"));
    assertEquals("::", v6("0:0:0:0:0:0:0:0"));
    assertEquals("::1", v6("0:0:0:0:0:0:0:1"));
    assertEquals("2001:db8:0:1:1:1:1:1", v6("2001:db8:0:1:1:1:1:1"));
    assertEquals("2001:0:0:1::1", v6("2001:0:0:1:0:0:0:1"));
    assertEquals("fe80::", v6("fe80:0:0:0:0:0:0:0"));
  }

  @Test
  void storedDataReparsesToTheSameRecord() {
    Name zone = ZoneName.of("example.test.").name();
    for (String[] r :
        new String[][] {
          {"AAAA", "2001:db8::10"},
          {"MX", "10 mail"},
          {"TXT", "\"a b\" c"},
          {"CAA", "0 issue \"ca.example\""}
        }) {
      Record parsed = RecordInput.record(zone, "x", r[0], 60L, r[1]);
      Zone z = new Zone(zone);
      ZoneRecord stored = z.add(parsed);
      assertEquals(parsed, stored.toDnsRecord(), r[0]);
    }
  }
}
