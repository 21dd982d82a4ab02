package dev.felu.model.zone;

/** Input that is not a valid record or zone; {@link #field()} names the offending input field. */
public class InvalidRecordException extends IllegalArgumentException {
  private final String field;

  public InvalidRecordException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
