package dev.felu.web.api;

import dev.felu.model.zone.InvalidRecordException;
import dev.felu.problem.AccessDeniedException;
import dev.felu.problem.ConflictException;
import dev.felu.problem.NotFoundException;
import dev.felu.problem.UnavailableException;
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
 * Turns every failure into an RFC 9457 problem: 4xx for the caller's mistakes, a bare 500
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
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidRecordException i) {
        return problem("invalid-input", "Invalid input", 400, i.getMessage(), i.field());
      }
      if (t instanceof AccessDeniedException a) {
        return problem("forbidden", "Forbidden", 403, a.getMessage(), null);
      }
      if (t instanceof NotFoundException n) {
        return problem("not-found", "Not found", 404, n.getMessage(), null);
      }
      if (t instanceof ConflictException c) {
        return problem("conflict", "Conflict", 409, c.getMessage(), c.field());
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
        return problem(
            "invalid-input",
            "Invalid JSON",
            400,
            "the request body is not valid JSON for this resource: " + j.getMessage(),
            "body");
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

  private Response problem(String kind, String title, int status, String detail, String field) {
    return new Problem("urn:felu:problem:" + kind, title, status, detail, path(), field)
        .toResponse();
  }

  private String path() {
    return uri == null ? null : uri.getRequestUri().getPath();
  }
}
