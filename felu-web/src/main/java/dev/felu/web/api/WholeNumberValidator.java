package dev.felu.web.api;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.regex.Pattern;

/** Checks {@link WholeNumber}: optional sign, decimal digits, within the range; blank is absent. */
public class WholeNumberValidator implements ConstraintValidator<WholeNumber, String> {
  /** At most 19 digits, so that a long holds it unless it is beyond the long range itself. */
  private static final Pattern DIGITS = Pattern.compile("[+-]?[0-9]{1,19}");

  private long min;
  private long max;

  @Override
  public void initialize(WholeNumber constraint) {
    min = constraint.min();
    max = constraint.max();
  }

  @Override
  public boolean isValid(String value, ConstraintValidatorContext context) {
    return isValid(value, min, max);
  }

  static boolean isValid(String value, long min, long max) {
    if (value == null || value.isBlank()) {
      return true;
    }
    String text = value.strip();
    if (!DIGITS.matcher(text).matches()) {
      return false;
    }
    try {
      long n = Long.parseLong(text);
      return n >= min && n <= max;
    } catch (NumberFormatException e) {
      return false; // 19 digits beyond the long range
    }
  }

  /**
   * The value of a parameter {@link WholeNumber} has checked: {@code otherwise} when it is absent
   * or blank.
   */
  public static long valueOf(String checked, long otherwise) {
    Long value = valueOrNull(checked);
    return value == null ? otherwise : value;
  }

  /** The value of a parameter {@link WholeNumber} has checked, null when absent or blank. */
  public static Long valueOrNull(String checked) {
    return checked == null || checked.isBlank() ? null : Long.parseLong(checked.strip());
  }
}
