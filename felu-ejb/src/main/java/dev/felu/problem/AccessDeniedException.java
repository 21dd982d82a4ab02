package dev.felu.problem;

import jakarta.ejb.ApplicationException;

/** The caller is known but may not do this (role too low, or zone outside its scope): 403. */
@ApplicationException(rollback = true)
public class AccessDeniedException extends RuntimeException {
  /**
   * What a caller is told when the container refused it by an EJB method's {@code @RolesAllowed}
   * ({@code jakarta.ejb.EJBAccessException}, whose own text names no role).
   */
  public static final String ROLE_REFUSED = "your role may not do this";

  public AccessDeniedException(String message) {
    super(message);
  }
}
