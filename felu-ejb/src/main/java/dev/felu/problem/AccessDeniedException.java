package dev.felu.problem;

import jakarta.ejb.ApplicationException;

/** The caller is known but may not do this (role too low, or zone outside its scope): 403. */
@ApplicationException(rollback = true)
public class AccessDeniedException extends RuntimeException {
  public AccessDeniedException(String message) {
    super(message);
  }
}
