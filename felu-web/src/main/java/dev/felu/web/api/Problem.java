package dev.felu.web.api;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document. {@code field} is an extension member naming the request field that
 * is wrong, so a UI can show the message next to it.
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "field"})
public record Problem(
    String type, String title, int status, String detail, String instance, String field) {
  public static final String MEDIA_TYPE = "application/problem+json";

  public Response toResponse() {
    return Response.status(status).type(MEDIA_TYPE).entity(this).build();
  }
}
