package dev.felu.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.input.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpdateRuleTest {
  @Test
  void normalisesZoneNameAndTypes() {
    UpdateRule r =
        UpdateRule.of(1, "Example.COM", "Subtree", "Dyn.Example.com", List.of("aaaa", "a"));
    assertEquals(
        new UpdateRule("example.com.", NameMatch.SUBTREE, "dyn.example.com.", Set.of("A", "AAAA")),
        r);
    assertEquals("example.com. subtree dyn.example.com. A AAAA", r.line());
    assertEquals(
        "example.com. pattern _acme-challenge.* TXT",
        UpdateRule.of(1, "example.com.", "PATTERN", "_ACME-Challenge.*", List.of("txt")).line());
    assertEquals(
        "example.com. exact example.com.",
        UpdateRule.of(1, "example.com.", "exact", "example.com.", null).line());
    // a type without a mnemonic in its generic form; a literal wildcard owner for exact
    assertEquals(
        Set.of("TYPE65280"),
        UpdateRule.of(1, "example.com.", "exact", "*.example.com.", List.of("type65280")).types());
    assertEquals(
        "*.example.com.", UpdateRule.of(1, "example.com.", "exact", "*.example.com.", null).name());
  }

  @Test
  void readsAndWritesThePolicyLines() {
    for (String line :
        List.of(
            "example.com. pattern _acme-challenge.* TXT",
            "example.com. subtree dyn.example.com. A AAAA",
            "example.com. exact host.example.com.",
            "example.net. pattern * TXT")) {
      assertEquals(line, UpdateRule.parse(line, 1).line());
    }
    assertEquals(
        UpdateRule.parse("example.com. pattern _acme-challenge.* TXT", 1),
        UpdateRule.parse("  Example.com\tPATTERN   _acme-challenge.*   txt ", 1));
    for (String bad : List.of("", "   ", "example.com. pattern", "example.com.")) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> UpdateRule.parse(bad, 4), bad);
      assertEquals("rules", e.field());
      assertTrue(e.getMessage().startsWith("rule #4 "), e.getMessage());
    }
  }

  @Test
  void refusesBadRulesNamingTheRuleAndQuotingAnExcerpt() {
    List<List<String>> bad =
        List.of(
            // zone, match, name, types…
            Arrays.asList(null, "exact", "a.example.com."),
            List.of("exa mple.com.", "exact", "a.example.com."),
            List.of("example.com.", "regex", "a.example.com."),
            Arrays.asList("example.com.", null, "a.example.com."),
            Arrays.asList("example.com.", "exact", null),
            List.of("example.com.", "exact", " "),
            List.of("example.com.", "exact", "www"),
            List.of("example.com.", "subtree", "example.net."),
            List.of("example.com.", "exact", "a..example.com."),
            List.of("example.com.", "pattern", "_acme-challenge"),
            List.of("example.com.", "pattern", "_acme-challenge.*."),
            List.of("example.com.", "pattern", "_acme-*"),
            List.of("example.com.", "pattern", "a*.b"),
            List.of("example.com.", "pattern", "*.*"),
            List.of("example.com.", "pattern", "a..*"),
            List.of("example.com.", "pattern", "a b.*"),
            List.of("example.com.", "pattern", "a\\.b.*"),
            List.of("example.com.", "pattern", "_acme-challenge.*.example.com"),
            List.of("example.com.", "pattern", "*." + "x".repeat(64)),
            List.of("example.com.", "pattern", "*." + "a.".repeat(130) + "b"),
            List.of("example.com.", "exact", "a.example.com.", "NOTATYPE"),
            List.of("example.com.", "exact", "a.example.com.", "ANY"),
            List.of("example.com.", "exact", "a.example.com.", "AXFR"),
            List.of("example.com.", "exact", "a.example.com.", "IXFR"),
            List.of("example.com.", "exact", "a.example.com.", "OPT"),
            List.of("example.com.", "exact", "a.example.com.", "TSIG"),
            List.of("example.com.", "exact", "a.example.com.", "TKEY"),
            List.of("example.com.", "exact", "a.example.com.", "MAILB"),
            List.of("example.com.", "exact", "a.example.com.", "TYPE0"),
            List.of("example.com.", "exact", "a.example.com.", "1"),
            List.of("example.com.", "exact", "a.example.com.", " "));
    for (List<String> b : bad) {
      List<String> types = b.size() > 3 ? b.subList(3, b.size()) : null;
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> UpdateRule.of(7, b.get(0), b.get(1), b.get(2), types),
              b.toString());
      assertEquals("rules", e.field(), b.toString());
      assertTrue(e.getMessage().startsWith("rule #7: "), e.getMessage());
    }
    // a null type in the list
    assertThrows(
        InvalidInputException.class,
        () ->
            UpdateRule.of(1, "example.com.", "exact", "a.example.com.", Arrays.asList("A", null)));
  }

  @Test
  void anErrorRepeatsOnlyAShortEscapedExcerpt() {
    String long_ = "a".repeat(500) + "\n<script>";
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> UpdateRule.of(2, "example.com.", "pattern", long_ + ".*", List.of()));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().contains("<script>"), e.getMessage());
    assertTrue(e.getMessage().length() < 300, e.getMessage());
    InvalidInputException match =
        assertThrows(
            InvalidInputException.class,
            () -> UpdateRule.of(2, "example.com.", "x\ny", "a.example.com.", List.of()));
    assertTrue(match.getMessage().contains("'x\\ny'"), match.getMessage());
  }

  @Test
  void explainsTheCommonMistakes() {
    assertTrue(
        message("example.com.", "pattern", "_acme-challenge").contains("for one name write exact"));
    assertTrue(
        message("example.com.", "pattern", "_acme-challenge.*.example.com")
            .contains("relative to the zone"));
    assertTrue(message("example.com.", "exact", "www").contains("is not in zone example.com."));
    assertTrue(message("example.com.", "pattern", "_acme-*").contains("stands alone"));
  }

  private static String message(String zone, String match, String name) {
    return assertThrows(
            InvalidInputException.class, () -> UpdateRule.of(1, zone, match, name, List.of()))
        .getMessage();
  }
}
