package dev.felu.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WholeNumberValidatorTest {

  @Test
  void absentOrBlankIsLeftToTheDefault() {
    assertTrue(WholeNumberValidator.isValid(null, 1, 10));
    assertTrue(WholeNumberValidator.isValid(" ", 1, 10));
    assertEquals(7, WholeNumberValidator.valueOf(null, 7));
    assertEquals(7, WholeNumberValidator.valueOf("", 7));
    assertNull(WholeNumberValidator.valueOrNull(" "));
  }

  @Test
  void acceptsWholeNumbersInRangeAroundSpaces() {
    assertTrue(WholeNumberValidator.isValid("0", 0, 10));
    assertTrue(WholeNumberValidator.isValid(" 10 ", 0, 10));
    assertTrue(WholeNumberValidator.isValid("+3", 0, 10));
    assertTrue(WholeNumberValidator.isValid("-9223372036854775808", Long.MIN_VALUE, 0));
    assertEquals(10, WholeNumberValidator.valueOf(" 10 ", 0));
    assertEquals(3L, WholeNumberValidator.valueOrNull("+3"));
  }

  @Test
  void refusesAnythingElse() {
    for (String bad : new String[] {"abc", "1e9", "3.9", "0x10", "1 000", "--1", "", "١٢"}) {
      if (!bad.isEmpty()) {
        assertFalse(WholeNumberValidator.isValid(bad, Long.MIN_VALUE, Long.MAX_VALUE), bad);
      }
    }
    assertFalse(WholeNumberValidator.isValid("-1", 0, 10));
    assertFalse(WholeNumberValidator.isValid("11", 0, 10));
    assertFalse(WholeNumberValidator.isValid("9223372036854775808", 0, Long.MAX_VALUE));
    assertFalse(WholeNumberValidator.isValid("99999999999999999999", 0, Long.MAX_VALUE));
  }
}
