package dev.felu.problem;

import jakarta.ejb.ApplicationException;

/**
 * The input is larger than felu takes (a request body, a zone file): refused whole, before it is
 * used, with the limit and the setting that raises it named. Reaches REST as 413.
 */
@ApplicationException(rollback = true)
public class PayloadTooLargeException extends RuntimeException {
  private final String field;

  public PayloadTooLargeException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
