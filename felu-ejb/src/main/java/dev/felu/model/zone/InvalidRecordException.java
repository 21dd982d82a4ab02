package dev.felu.model.zone;

import dev.felu.input.InvalidInputException;

/**
 * Input that is not a valid record or zone (owner, type, TTL, data, a zone name, a zone file's
 * records, a record-set rule); {@link #field()} names the offending input field.
 */
public class InvalidRecordException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public InvalidRecordException(String field, String message) {
    super(field, message);
  }
}
