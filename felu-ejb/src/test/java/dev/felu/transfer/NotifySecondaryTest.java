package dev.felu.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.input.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotifySecondaryTest {
  @Test
  void normalisesAddressesKeysAndTheDefaultPortInTheOrderGiven() {
    assertEquals(
        List.of(
            new NotifySecondary("2001:db8::53", 53, null),
            new NotifySecondary("192.0.2.1", 5353, null),
            new NotifySecondary("192.0.2.1", 53, "xfr.example.")),
        NotifySecondary.normalize(
            List.of(
                NotifySecondary.of("2001:DB8:0:0::53", null, null),
                NotifySecondary.of(" 192.0.2.1 ", 5353, ""),
                NotifySecondary.of("192.0.2.1", 53, "XFR.Example"))));
    assertEquals(List.of(), NotifySecondary.normalize(List.of()));
  }

  @Test
  void writesTheAuditAndLineForms() {
    assertEquals(
        "192.0.2.1:53 key=xfr.example.",
        new NotifySecondary("192.0.2.1", 53, "xfr.example.").toString());
    assertEquals("[2001:db8::53]:5353", new NotifySecondary("2001:db8::53", 5353, null).toString());
    assertEquals(
        "192.0.2.1 53 xfr.example.", new NotifySecondary("192.0.2.1", 53, "xfr.example.").line());
  }

  @Test
  void readsTheZonePagesLines() {
    assertEquals(
        NotifySecondary.of("192.0.2.1", null, null), NotifySecondary.parse("192.0.2.1", 1));
    assertEquals(
        NotifySecondary.of("192.0.2.1", 5353, null), NotifySecondary.parse(" 192.0.2.1\t5353 ", 1));
    assertEquals(
        NotifySecondary.of("192.0.2.1", null, "xfr.example."),
        NotifySecondary.parse("192.0.2.1 xfr.example.", 1));
    assertEquals(
        NotifySecondary.of("2001:db8::53", 53, "xfr.example."),
        NotifySecondary.parse("2001:db8::53 53 xfr.example.", 1));
    for (String bad : List.of("", "192.0.2.1 53 k. extra", "192.0.2.1 port k.")) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> NotifySecondary.parse(bad, 3), bad);
      assertEquals("secondaries", e.field());
      assertTrue(e.getMessage().startsWith("line 3"), e.getMessage());
    }
  }

  @Test
  void refusesABadEntryNamingItsIndexAndTheField() {
    record Bad(NotifySecondary entry, String says) {}
    for (Bad bad :
        List.of(
            new Bad(NotifySecondary.of("ns1.example.", null, null), "never a host name"),
            new Bad(NotifySecondary.of("999.1.1.1", null, null), "not an IPv4 or IPv6"),
            new Bad(NotifySecondary.of(null, null, null), "has no address"),
            new Bad(NotifySecondary.of("192.0.2.1", 0, null), "port 0"),
            new Bad(NotifySecondary.of("192.0.2.1", 65536, null), "port 65536"),
            new Bad(NotifySecondary.of("192.0.2.1", null, "bad key..name"), "TSIG key name"))) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () ->
                  NotifySecondary.normalize(
                      List.of(NotifySecondary.of("192.0.2.9", null, null), bad.entry())),
              bad.toString());
      assertEquals("secondaries", e.field());
      assertTrue(e.getMessage().startsWith("secondary #2"), e.getMessage());
      assertTrue(e.getMessage().contains(bad.says()), e.getMessage());
    }
  }

  @Test
  void refusesDuplicatesTooManyAndNoList() {
    InvalidInputException twice =
        assertThrows(
            InvalidInputException.class,
            () ->
                NotifySecondary.normalize(
                    List.of(
                        NotifySecondary.of("2001:db8::53", null, null),
                        NotifySecondary.of("2001:DB8:0::53", 53, "xfr.example."))));
    assertTrue(
        twice.getMessage().contains("[2001:db8::53]:53 is listed twice"), twice.getMessage());

    List<NotifySecondary> many = new ArrayList<>();
    for (int i = 1; i <= NotifySecondary.MAX_PER_ZONE + 1; i++) {
      many.add(NotifySecondary.of("192.0.2." + i, null, null));
    }
    InvalidInputException tooMany =
        assertThrows(InvalidInputException.class, () -> NotifySecondary.normalize(many));
    assertEquals("secondaries", tooMany.field());
    assertEquals(
        NotifySecondary.MAX_PER_ZONE,
        NotifySecondary.normalize(many.subList(0, NotifySecondary.MAX_PER_ZONE)).size());

    assertThrows(InvalidInputException.class, () -> NotifySecondary.normalize(null));
  }

  @Test
  void anErrorRepeatsOnlyAnExcerptOfTheInput() {
    String longName = "a".repeat(500) + ".example.";
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> NotifySecondary.normalize(List.of(NotifySecondary.of(longName, null, null))));
    assertFalse(e.getMessage().contains(longName), e.getMessage());
    assertNull(NotifySecondary.of("192.0.2.1", null, " ").key());
  }
}
