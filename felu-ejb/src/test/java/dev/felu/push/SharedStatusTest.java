package dev.felu.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The driver's view as followers read it from the grid: JDK strings only, nothing lost. */
class SharedStatusTest {
  @Test
  void aViewSurvivesTheGridAsStrings() {
    OffsetDateTime at = OffsetDateTime.of(2026, 12, 2, 15, 0, 0, 0, ZoneOffset.UTC);
    LinkStatus ns1 = new LinkStatus(true, 42, "ab12", true, true, at, null);
    LinkStatus ns2 = new LinkStatus(false, -1, null, false, false, null, "cannot connect: refused");
    NameserverHealth h1 = new NameserverHealth("UP", at, "ok", "10 zones: serials match");
    String[] entry =
        SharedStatus.encode(
            1000,
            "Member [127.0.0.1]:4900",
            77,
            null,
            3.5,
            Map.of("ns1", ns1, "ns2", ns2),
            Map.of("ns1", h1));

    SharedStatus.View v = SharedStatus.decode(entry);
    assertEquals(1000, v.publishedMillis());
    assertEquals("Member [127.0.0.1]:4900", v.driver());
    assertEquals(77, v.epoch());
    assertNull(v.stall());
    assertEquals(3.5, v.secondsSinceLastRound());
    assertEquals(ns1, v.links().get("ns1"));
    assertEquals(ns2, v.links().get("ns2"));
    assertEquals(h1, v.health().get("ns1"));
    assertEquals(NameserverHealth.UNKNOWN, v.health().get("ns2"));
  }

  @Test
  void aMissingOrOldReportIsNotUsed() {
    assertTrue(SharedStatus.unusable(SharedStatus.View.NONE, 5000).contains("no instance drives"));
    SharedStatus.View old =
        SharedStatus.decode(SharedStatus.encode(1000, "m", 1, null, 0, Map.of(), Map.of()));
    assertNull(SharedStatus.unusable(old, 1000 + SharedStatus.STALE.toMillis()));
    assertTrue(
        SharedStatus.unusable(old, 2000 + SharedStatus.STALE.toMillis()).contains("not reported"));
  }
}
