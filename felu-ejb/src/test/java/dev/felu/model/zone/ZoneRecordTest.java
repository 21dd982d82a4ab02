package dev.felu.model.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

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
          {"A", "192.0.2.10"},
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

  @Test
  void anAddressReadWithoutTheTextParserIsTheRecordTheParserReads() throws Exception {
    for (String data : new String[] {"192.0.2.1", "0.0.0.0", "255.255.255.255", "10.0.1.2"}) {
      assertEquals(
          Record.fromString(Name.fromString("h.example.test."), Type.A, DClass.IN, 300, data, null),
          ZoneRecord.toDnsRecord("h.example.test.", "A", 300, data),
          data);
    }
  }

  @Test
  void anAddressTheFastPathCannotReadGoesToTheParser() {
    assertThrows(
        IllegalStateException.class,
        () -> ZoneRecord.toDnsRecord("h.example.test.", "A", 300, "192.0.2.256"));
    assertThrows(
        IllegalStateException.class,
        () -> ZoneRecord.toDnsRecord("h.example.test.", "A", 300, "192.0.2.1 extra"));
  }
}
