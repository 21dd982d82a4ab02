package dev.felu.web.api;

import dev.felu.input.InvalidInputException;
import dev.felu.problem.AccessDeniedException;
import dev.felu.problem.ConflictException;
import dev.felu.problem.DatabaseUnreachable;
import dev.felu.problem.NotFoundException;
import dev.felu.problem.PayloadTooLargeException;
import dev.felu.problem.UnavailableException;
import dev.felu.problem.UpstreamException;
import jakarta.json.bind.JsonbException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every failure into an RFC 9457 problem: 4xx for the caller's mistakes, 503 with {@code
 * Retry-After} while the database cannot be reached ({@link DatabaseUnreachable}), a bare 500
 * otherwise.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

  /** What EclipseLink throws on a stale @Version at flush, before JPA wraps it (if it does). */
  private static final String ECLIPSELINK_OPTIMISTIC_LOCK =
      "org.eclipse.persistence.exceptions.OptimisticLockException";

  @Context UriInfo uri;

  @Override
  public Response toResponse(Throwable e) {
    // first, wherever it is in the chain: a body cut off at its limit fails the JSON parser too
    java.util.Optional<PayloadTooLargeException> tooLarge =
        cause(e, PayloadTooLargeException.class);
    if (tooLarge.isPresent()) {
      return problem(
          "too-large",
          "Content Too Large",
          413,
          tooLarge.get().getMessage(),
          tooLarge.get().field());
    }
    if (DatabaseUnreachable.in(e)) {
      // not logged per request (an outage would flood the log): readiness says it, as "database"
      return Response.fromResponse(
              problem(
                  "database-unavailable",
                  "Service unavailable",
                  503,
                  DatabaseUnreachable.DETAIL,
                  null))
          .header("Retry-After", DatabaseUnreachable.RETRY_AFTER_SECONDS)
          .build();
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidInputException i) {
        return problem("invalid-input", "Invalid input", 400, i.getMessage(), i.field());
      }
      if (t instanceof AccessDeniedException a) {
        return problem("forbidden", "Forbidden", 403, a.getMessage(), null);
      }
      if (t instanceof jakarta.ejb.EJBAccessException) {
        return problem("forbidden", "Forbidden", 403, AccessDeniedException.ROLE_REFUSED, null);
      }
      if (t instanceof NotFoundException n) {
        return problem("not-found", "Not found", 404, n.getMessage(), null);
      }
      if (t instanceof ConflictException c) {
        return problem("conflict", "Conflict", 409, c.getMessage(), c.field());
      }
      if (t instanceof UpstreamException u) {
        return problem("bad-gateway", "Bad Gateway", 502, u.getMessage(), u.field());
      }
      if (t instanceof UnavailableException u) {
        return problem("unavailable", "Service unavailable", 503, u.getMessage(), null);
      }
      if (t instanceof OptimisticLockException
          || t.getClass().getName().equals(ECLIPSELINK_OPTIMISTIC_LOCK)) {
        return problem(
            "conflict",
            "Conflict",
            409,
            "someone else changed this at the same time; reload and retry",
            null);
      }
      if (t instanceof JsonbException j) {
        // JSON-B's own messages quote the input and name Java classes: neither is said here
        String field = property(j).orElse("body");
        String why =
            cause(j, StrictJson.NumberOutOfRange.class)
                .map(n -> ": " + field + " " + n.getMessage())
                .orElse("");
        return problem(
            "invalid-input",
            "Invalid JSON",
            400,
            "the request body is not valid JSON for this resource" + why,
            field);
      }
      if (t instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
        int status = w.getResponse().getStatus();
        return problem(
            "http-" + status,
            w.getResponse().getStatusInfo().getReasonPhrase(),
            status,
            w.getMessage(),
            null);
      }
    }
    LOG.log(Level.SEVERE, "unexpected failure on " + path(), e);
    return problem(
        "internal", "Internal error", 500, "the request failed on the server; see its log", null);
  }

  /**
   * What JSON-B says it was reading when it failed: a property name of our own classes. Read from
   * the message because neither JSON-B's {@code JsonbException} nor Yasson's exceptions carry the
   * property (or a path to it) as data; Yasson words it "...property 'ttl'...". The pattern takes a
   * short identifier only, so nothing else of a message can reach the answer; a message worded
   * otherwise yields {@code body}.
   */
  private static java.util.Optional<String> property(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      java.util.regex.Matcher m = PROPERTY.matcher(String.valueOf(t.getMessage()));
      if (m.find()) {
        return java.util.Optional.of(m.group(1));
      }
    }
    return java.util.Optional.empty();
  }

  private static final java.util.regex.Pattern PROPERTY =
      java.util.regex.Pattern.compile("property '?([A-Za-z][A-Za-z0-9]{0,40})'?");

  private static <T extends Throwable> java.util.Optional<T> cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return java.util.Optional.of(type.cast(t));
      }
    }
    return java.util.Optional.empty();
  }

  private Response problem(String kind, String title, int status, String detail, String field) {
    return Problem.of(kind, title, status, detail, path(), field).toResponse();
  }

  private String path() {
    return uri == null ? null : uri.getRequestUri().getPath();
  }
}
