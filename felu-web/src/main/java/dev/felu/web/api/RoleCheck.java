package dev.felu.web.api;

import dev.felu.account.Caller;
import dev.felu.account.CallerContext;
import dev.felu.model.account.Role;
import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * The role check of every REST method, deny by default: a method runs only if it (or its class)
 * carries {@code @RolesAllowed} naming a role the caller holds (roles include those below them) or
 * {@code @PermitAll}. A method without a rule is refused (403) and logged, so a new endpoint cannot
 * go out open by mistake. No caller at all: 401.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class RoleCheck implements ContainerRequestFilter {
  private static final Logger LOG = Logger.getLogger(RoleCheck.class.getName());

  @Context ResourceInfo resource;
  @Inject CallerContext callers;

  @Override
  public void filter(ContainerRequestContext request) {
    Method method = resource.getResourceMethod();
    if (method == null) {
      return; // no resource matched: JAX-RS answers 404/405 itself
    }
    Rule rule = rule(method);
    if (rule == Rule.PERMIT) {
      return;
    }
    Caller caller = callers.current().orElse(null);
    if (caller == null) {
      request.abortWith(
          problem(401, "Unauthorized", "authenticate with a bearer token or HTTP Basic"));
      return;
    }
    if (rule == Rule.NONE) {
      LOG.warning("refused " + method + ": it has no @RolesAllowed/@PermitAll rule");
    }
    if (rule == Rule.ROLES && allowed(caller, roles(method))) {
      return;
    }
    request.abortWith(
        problem(
            403,
            "Forbidden",
            "role " + caller.role().id() + " may not " + request.getMethod() + " this resource"));
  }

  enum Rule {
    PERMIT,
    ROLES,
    NONE
  }

  static Rule rule(Method m) {
    if (m.isAnnotationPresent(DenyAll.class)) {
      return Rule.NONE;
    }
    if (m.isAnnotationPresent(PermitAll.class)) {
      return Rule.PERMIT;
    }
    if (m.isAnnotationPresent(RolesAllowed.class)) {
      return Rule.ROLES;
    }
    Class<?> c = m.getDeclaringClass();
    if (c.isAnnotationPresent(DenyAll.class)) {
      return Rule.NONE;
    }
    if (c.isAnnotationPresent(PermitAll.class)) {
      return Rule.PERMIT;
    }
    return c.isAnnotationPresent(RolesAllowed.class) ? Rule.ROLES : Rule.NONE;
  }

  /** The roles a method allows (its own annotation, else its class's). */
  public static String[] roles(Method m) {
    RolesAllowed r = m.getAnnotation(RolesAllowed.class);
    if (r == null) {
      r = m.getDeclaringClass().getAnnotation(RolesAllowed.class);
    }
    return r == null ? new String[0] : r.value();
  }

  static boolean allowed(Caller caller, String[] roles) {
    return Arrays.stream(roles).anyMatch(r -> caller.has(Role.of(r)));
  }

  private jakarta.ws.rs.core.Response problem(int status, String title, String detail) {
    return Problem.of("http-" + status, title, status, detail, null, null).toResponse();
  }
}
