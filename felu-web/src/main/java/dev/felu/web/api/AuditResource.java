package dev.felu.web.api;

import dev.felu.audit.AuditLog;
import dev.felu.audit.AuditRecord;
import dev.felu.model.account.Role;
import dev.felu.model.zone.InvalidRecordException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The audit log, newest first, {@code size} (default 50, at most 500) entries per {@code page}
 * (from 0). Filters: {@code user} (an account, or {@code token:<name>}), {@code zone}, {@code
 * from}/{@code to} (ISO-8601 instants such as {@code 2026-11-28T12:00:00Z}; {@code to} excluded).
 */
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class AuditResource {
  @Inject AuditLog audit;

  @GET
  public List<AuditRecord> find(
      @QueryParam("user") String user,
      @QueryParam("zone") String zone,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    int p = page == null ? 0 : page;
    int s = size == null ? 50 : size;
    if (p < 0) {
      throw new InvalidRecordException("page", "page counts from 0");
    }
    if (s < 1 || s > 500) {
      throw new InvalidRecordException("size", "size must be 1..500");
    }
    return audit.find(user, zone, time("from", from), time("to", to), p * s, s).stream()
        .map(AuditRecord::of)
        .toList();
  }

  private static LocalDateTime time(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    } catch (DateTimeParseException e) {
      throw new InvalidRecordException(
          field, field + " must be an ISO-8601 instant like 2026-11-28T12:00:00Z");
    }
  }
}
