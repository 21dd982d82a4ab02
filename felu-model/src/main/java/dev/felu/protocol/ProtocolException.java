package dev.felu.protocol;

/** A frame that is not a well-formed protocol message; the message says what is wrong. */
public class ProtocolException extends Exception {
  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
