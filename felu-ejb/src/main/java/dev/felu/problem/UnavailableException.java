package dev.felu.problem;

import jakarta.ejb.ApplicationException;

/** The server lacks something it needs for this request (e.g. its link master key): 503. */
@ApplicationException(rollback = true)
public class UnavailableException extends RuntimeException {
  public UnavailableException(String message) {
    super(message);
  }
}
