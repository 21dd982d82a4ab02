package dev.felu.input;

/**
 * Input a caller sent that is not acceptable: a missing body, a bad username or password, a token
 * name, a nameserver's address or port, a paging parameter. {@link #field()} names the offending
 * input field; the REST layer answers 400 with it, the UI puts the message beside that field. Input
 * that is not a valid DNS record or zone is the narrower {@code InvalidRecordException}.
 *
 * <p>It rolls the transaction back and reaches the caller unwrapped (an application exception in
 * {@code ejb-jar.xml}, which covers its subclasses).
 */
public class InvalidInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidInputException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The input field that is wrong, as the caller named it ({@code body}, {@code dnsPort} …). */
  public String field() {
    return field;
  }
}
