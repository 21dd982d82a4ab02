package dev.felu.push;

/** The link failed: not reachable, refused the handshake, closed, or did not reply in time. */
public class LinkException extends Exception {
  public LinkException(String message, Throwable cause) {
    super(message, cause);
  }

  public LinkException(String message) {
    super(message);
  }
}
