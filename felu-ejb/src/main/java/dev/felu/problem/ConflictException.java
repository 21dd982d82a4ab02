package dev.felu.problem;

import jakarta.ejb.ApplicationException;

/** The change contradicts what exists (duplicate, CNAME beside other data, stale edit). */
@ApplicationException(rollback = true)
public class ConflictException extends RuntimeException {
  private final String field;

  public ConflictException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
