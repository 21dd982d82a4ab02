package dev.felu.web.api;

import dev.felu.audit.AuditLog;
import dev.felu.audit.AuditRecord;
import dev.felu.input.InvalidInputException;
import dev.felu.model.account.Role;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The audit log, newest first, {@code size} (default 50, at most 500) entries per {@code page}
 * (from 0). Filters: {@code user} (an account, or {@code token:<name>}), {@code zone}, {@code
 * from}/{@code to} (ISO-8601 instants such as {@code 2026-11-28T12:00:00Z}; {@code to} excluded).
 */
@Tag(name = "audit", description = "The audit log (admins only)")
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class AuditResource {
  @Inject AuditLog audit;

  @GET
  @Operation(summary = "Read the audit log, newest first")
  public List<AuditRecord> find(
      @QueryParam("user") String user,
      @QueryParam("zone") String zone,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("page")
          @WholeNumber(min = 0, max = Integer.MAX_VALUE, message = ZonesResource.PAGE_NUMBER)
          String page,
      @QueryParam("size") @WholeNumber(min = 1, max = MAX_PAGE, message = SIZE) String size) {
    long p = WholeNumberValidator.valueOf(page, 0);
    int s = (int) WholeNumberValidator.valueOf(size, PAGE);
    int first = (int) Math.min(Integer.MAX_VALUE, p * s);
    return audit.find(user, zone, time("from", from), time("to", to), first, s).stream()
        .map(AuditRecord::of)
        .toList();
  }

  /** Entries per page unless asked otherwise. */
  static final int PAGE = 50;

  /** The largest page answered. */
  static final int MAX_PAGE = 500;

  static final String SIZE = "size must be a whole number from 1 to " + MAX_PAGE;

  /**
   * An instant filter, parsed here rather than by a constraint (which would parse it twice): one
   * that does not parse is bad input naming its parameter.
   */
  private static LocalDateTime time(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          field, field + " must be an ISO-8601 instant like 2026-11-28T12:00:00Z");
    }
  }
}
