package dev.felu.web.api;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document. {@code field} is an extension member naming the request field that
 * is wrong, so a UI can show the message next to it. Written by JSON-B everywhere: by JAX-RS for
 * {@link ProblemMapper} and {@link RoleCheck}, by {@code dev.felu.web.security.ProblemResponses}
 * before JAX-RS runs. A null member is left out.
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "field"})
public record Problem(
    String type, String title, int status, String detail, String instance, String field) {
  /** The media type of a problem document (RFC 9457 §3), without a charset: JSON is UTF-8. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** The prefix of every problem {@code type} felu answers with. */
  public static final String TYPE_PREFIX = "urn:felu:problem:";

  /** A problem of felu's {@code kind} ({@code urn:felu:problem:<kind>}). */
  public static Problem of(
      String kind, String title, int status, String detail, String instance, String field) {
    return new Problem(TYPE_PREFIX + kind, title, status, detail, instance, field);
  }

  public Response toResponse() {
    return Response.status(status).type(MEDIA_TYPE).entity(this).build();
  }
}
