package dev.felu.problem;

import jakarta.ejb.ApplicationException;

/** The named zone, record or nameserver does not exist. */
@ApplicationException(rollback = true)
public class NotFoundException extends RuntimeException {
  public NotFoundException(String message) {
    super(message);
  }
}
