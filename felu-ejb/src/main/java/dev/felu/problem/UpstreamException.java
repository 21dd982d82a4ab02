package dev.felu.problem;

import jakarta.ejb.ApplicationException;

/**
 * Another server this request depends on failed it — a primary whose zone transfer was refused, cut
 * short or garbled: 502, naming the request field it concerns. Nothing was changed.
 */
@ApplicationException(rollback = true)
public class UpstreamException extends RuntimeException {
  private final String field;

  public UpstreamException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
