package dev.felu.web.api;

import dev.felu.model.account.Role;
import dev.felu.model.zone.InvalidRecordException;
import dev.felu.model.zone.Zone;
import dev.felu.model.zone.ZoneRecord;
import dev.felu.zone.RecordFilter;
import dev.felu.zone.RecordSort;
import dev.felu.zone.RecordSpec;
import dev.felu.zone.ZoneFileExport;
import dev.felu.zone.ZoneImport;
import dev.felu.zone.ZoneService;
import dev.felu.zone.ZoneSummary;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** Zones and their records. A zone is addressed by its name, with or without the trailing dot. */
@Path("zones")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ZonesResource {
  @Inject ZoneService zones;
  @Inject ZoneFileExport export;
  @Context UriInfo uri;

  /**
   * The zones the caller may see, in name order. Without parameters: all of them. With {@code
   * search} (a case-insensitive part of the name), {@code page} (from 0) or {@code size} (default
   * 50, at most 1000): one page, paged in the database, the number of matching zones in {@code
   * X-Total-Count}.
   */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  public Response list(
      @QueryParam("search") String search,
      @QueryParam("page") String page,
      @QueryParam("size") String size) {
    if (search == null && page == null && size == null) {
      return Response.ok(zones.summaries()).build();
    }
    int p = number("page", page, 0);
    int s = number("size", size, 50);
    if (p < 0) {
      throw new InvalidRecordException("page", "page counts from 0");
    }
    if (s < 1 || s > 1000) {
      throw new InvalidRecordException("size", "size must be 1..1000");
    }
    List<ZoneSummary> found =
        zones.page(search, (int) Math.min(Integer.MAX_VALUE, (long) p * s), s);
    return Response.ok(found).header("X-Total-Count", zones.count(search)).build();
  }

  @RolesAllowed(Role.OPERATOR_NAME)
  @POST
  public Response create(NewZone body) {
    if (body == null) {
      throw new InvalidRecordException("body", "a JSON body with the zone's name is required");
    }
    Zone z = zones.create(body.name(), body.records());
    return Response.created(uri.getAbsolutePathBuilder().path(z.getName()).build())
        .entity(ZoneView.of(z))
        .build();
  }

  /**
   * The zone's name, its record count and the first {@link #RECORDS_PAGE} of its records in name
   * order, with a {@code Link rel="next"} to {@code /records} when it holds more: a zone of any
   * size answers in one bounded response, and a small zone (the usual case) is complete in it.
   */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("{zone}")
  public Response get(@PathParam("zone") String zone) {
    String name = zones.readableName(zone);
    long count = zones.recordCount(name, RecordFilter.ALL);
    List<RecordView> first =
        zones.records(name, RecordFilter.ALL, RecordSort.NAME, false, 0, RECORDS_PAGE).stream()
            .map(RecordView::of)
            .toList();
    Response.ResponseBuilder ok = Response.ok(new ZoneView(name, count, first));
    if (count > first.size()) {
      ok.link(recordsPage(name, null, null, 1, RECORDS_PAGE), "next");
    }
    return ok.build();
  }

  /**
   * The zone as a BIND zone file (RFC 1035 §5), the SOA first; what the UI's export downloads.
   * Written as it is read, from one consistent snapshot ({@link ZoneFileExport}): a large zone is
   * never held as one text.
   */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("{zone}/file")
  @Produces("text/dns")
  public Response file(@PathParam("zone") String zone) {
    String name = zones.readableName(zone);
    StreamingOutput body = out -> export.write(name, out);
    return Response.ok(body)
        .header("Content-Disposition", "attachment; filename=\"" + name + "zone\"")
        .build();
  }

  @RolesAllowed(Role.OPERATOR_NAME)
  @DELETE
  @Path("{zone}")
  public Response delete(@PathParam("zone") String zone) {
    zones.delete(zone);
    return Response.noContent().build();
  }

  /**
   * Imports a BIND zone file (the request body, any text type): the zone then holds exactly its
   * records, the SOA aside (felu manages the serial), as one change — what the UI's import does.
   * With {@code dryRun=true} only says what would change. An empty file is refused (field {@code
   * file}), never read as "remove every record".
   */
  @RolesAllowed(Role.OPERATOR_NAME)
  @PUT
  @Path("{zone}/file")
  @Consumes(MediaType.WILDCARD)
  public ZoneImport importFile(
      @PathParam("zone") String zone, @QueryParam("dryRun") boolean dryRun, String file) {
    return dryRun ? zones.previewImport(zone, file) : zones.applyImport(zone, file);
  }

  /**
   * One page of the zone's records (the SOA among them), paged in the database: {@code page} from
   * 0, {@code size} default {@value #RECORDS_PAGE}, at most {@value #MAX_RECORDS_PAGE}; {@code
   * sort} one of {@code name} (the default), {@code type}, {@code ttl}, {@code data}, descending
   * with a {@code -} before it (ties in name, type and id order); {@code search} keeps the records
   * whose name, type or data contains it (case-insensitive). The number of matching records is in
   * {@code X-Total-Count}, and a {@code Link rel="next"} names the next page while there is one.
   */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("{zone}/records")
  public Response records(
      @PathParam("zone") String zone,
      @QueryParam("search") String search,
      @QueryParam("sort") String sort,
      @QueryParam("page") String page,
      @QueryParam("size") String size) {
    int p = number("page", page, 0);
    int s = number("size", size, RECORDS_PAGE);
    boolean descending = sort != null && sort.startsWith("-");
    RecordSort order = sort(descending ? sort.substring(1) : sort);
    if (p < 0) {
      throw new InvalidRecordException("page", "page counts from 0");
    }
    if (s < 1 || s > MAX_RECORDS_PAGE) {
      throw new InvalidRecordException("size", "size must be 1.." + MAX_RECORDS_PAGE);
    }
    String name = zones.readableName(zone);
    RecordFilter filter = RecordFilter.search(search);
    long total = zones.recordCount(name, filter);
    long first = (long) p * s;
    List<RecordView> found =
        first >= total
            ? List.of()
            : zones.records(name, filter, order, descending, (int) first, s).stream()
                .map(RecordView::of)
                .toList();
    Response.ResponseBuilder ok = Response.ok(found).header("X-Total-Count", total);
    if (first + s < total) {
      ok.link(recordsPage(name, search, sort, p + 1, s), "next");
    }
    return ok.build();
  }

  /** The order {@code sort} names ({@code name}, {@code type}, {@code ttl}, {@code data}). */
  private static RecordSort sort(String sort) {
    if (sort == null || sort.isBlank()) {
      return RecordSort.NAME;
    }
    return switch (sort.strip()) {
      case "name" -> RecordSort.NAME;
      case "type" -> RecordSort.TYPE;
      case "ttl" -> RecordSort.TTL;
      case "data" -> RecordSort.DATA;
      default ->
          throw new InvalidRecordException(
              "sort", "sort is one of name, type, ttl, data (with - before it: descending)");
    };
  }

  /** Records per page of {@code GET /zones/{zone}/records} unless asked otherwise. */
  static final int RECORDS_PAGE = 100;

  /** The largest page {@code GET /zones/{zone}/records} answers. */
  static final int MAX_RECORDS_PAGE = 1000;

  /**
   * A paging parameter: absent is {@code otherwise}; anything but a whole number is refused naming
   * the parameter (JAX-RS alone would answer 404 for a query parameter it cannot convert).
   */
  private static int number(String field, String value, int otherwise) {
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidRecordException(field, field + " must be a whole number");
    }
  }

  private java.net.URI recordsPage(String zone, String search, String sort, int page, int size) {
    UriBuilder next = uri.getBaseUriBuilder().path(ZonesResource.class).path(zone).path("records");
    List<Object> values = new java.util.ArrayList<>();
    if (search != null && !search.isBlank()) {
      next.queryParam("search", "{search}");
      values.add(search);
    }
    if (sort != null && !sort.isBlank()) {
      next.queryParam("sort", "{sort}");
      values.add(sort);
    }
    next.queryParam("page", page).queryParam("size", size);
    return next.build(values.toArray());
  }

  @RolesAllowed(Role.OPERATOR_NAME)
  @POST
  @Path("{zone}/records")
  public Response addRecord(@PathParam("zone") String zone, RecordSpec spec) {
    ZoneRecord r = zones.addRecord(zone, spec);
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(r.getId())).build())
        .entity(RecordView.of(r))
        .build();
  }

  @RolesAllowed(Role.OPERATOR_NAME)
  @PUT
  @Path("{zone}/records/{id}")
  public RecordView updateRecord(
      @PathParam("zone") String zone, @PathParam("id") long id, RecordEdit edit) {
    return RecordView.of(zones.updateRecord(zone, id, edit.spec(), edit.version()));
  }

  @RolesAllowed(Role.OPERATOR_NAME)
  @DELETE
  @Path("{zone}/records/{id}")
  public Response deleteRecord(
      @PathParam("zone") String zone,
      @PathParam("id") long id,
      @QueryParam("version") Long version) {
    zones.deleteRecord(zone, id, version);
    return Response.noContent().build();
  }
}
