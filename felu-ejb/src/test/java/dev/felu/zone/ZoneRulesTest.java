package dev.felu.zone;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.felu.model.zone.InvalidRecordException;
import dev.felu.model.zone.RecordInput;
import dev.felu.model.zone.ZoneName;
import dev.felu.problem.ConflictException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

class ZoneRulesTest {
  private final Name apex = ZoneName.of("example.test.").name();

  private Record rr(String owner, String type, String data) {
    return RecordInput.record(apex, owner, type, 300L, data);
  }

  @Test
  void aRecordTwiceIsRefusedWhateverItsTtl() {
    ConflictException e =
        assertThrows(
            ConflictException.class,
            () ->
                ZoneRules.checkFits(
                    apex,
                    rr("www", "A", "192.0.2.1"),
                    List.of(RecordInput.record(apex, "www", "A", 60L, "192.0.2.1"))));
    assertEquals("data", e.field());
    assertDoesNotThrow(
        () ->
            ZoneRules.checkFits(
                apex, rr("www", "A", "192.0.2.2"), List.of(rr("www", "A", "192.0.2.1"))));
  }

  @Test
  void aCnameStandsAlone() {
    assertThrows(
        ConflictException.class,
        () ->
            ZoneRules.checkFits(
                apex, rr("www", "CNAME", "host"), List.of(rr("www", "TXT", "\"x\""))));
    assertThrows(
        ConflictException.class,
        () ->
            ZoneRules.checkFits(
                apex, rr("www", "TXT", "\"x\""), List.of(rr("www", "CNAME", "host"))));
    assertThrows(
        ConflictException.class,
        () -> ZoneRules.checkFile(apex, List.of(rr("@", "CNAME", "elsewhere.test."))));
  }

  @Test
  void theSoaLivesAtTheApexOnceAndStays() {
    Record soa = ZoneRules.defaultSoa(apex);
    assertEquals(
        "name",
        assertThrows(
                InvalidRecordException.class,
                () ->
                    ZoneRules.checkFits(
                        apex, rr("www", "SOA", "ns1 hostmaster 1 3600 600 1209600 300"), List.of()))
            .field());
    assertThrows(ConflictException.class, () -> ZoneRules.checkFits(apex, soa, List.of(soa)));
    assertThrows(ConflictException.class, () -> ZoneRules.checkDelete(soa));
    assertThrows(
        InvalidRecordException.class, () -> ZoneRules.checkReplace(soa, rr("@", "TXT", "\"x\"")));
  }
}
