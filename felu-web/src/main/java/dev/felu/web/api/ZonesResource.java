package dev.felu.web.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.felu.migration.MigrationService;
import dev.felu.migration.TransferImport;
import dev.felu.model.account.Role;
import dev.felu.model.zone.Zone;
import dev.felu.model.zone.ZoneRecord;
import dev.felu.transfer.ZoneTransferService;
import dev.felu.zone.BulkImport;
import dev.felu.zone.BulkZoneImport;
import dev.felu.zone.RecordFilter;
import dev.felu.zone.RecordSort;
import dev.felu.zone.RecordSpec;
import dev.felu.zone.ZoneFile;
import dev.felu.zone.ZoneFileExport;
import dev.felu.zone.ZoneImport;
import dev.felu.zone.ZoneService;
import dev.felu.zone.ZoneSummary;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Zones and their records. A zone is addressed by its name, with or without the trailing dot. */
@Tag(name = "zones", description = "Zones and their records")
@Path("zones")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ZonesResource {
  @Inject ZoneService zones;
  @Inject ZoneFileExport export;
  @Inject BulkZoneImport bulk;
  @Inject MigrationService migration;
  @Inject ZoneTransferService transfers;
  @Context UriInfo uri;

  /**
   * The zones the caller may see, in name order. Without parameters: all of them. With {@code
   * search} (a case-insensitive part of the name), {@code page} (from 0) or {@code size} (default
   * 50, at most 1000): one page, paged in the database, the number of matching zones in {@code
   * X-Total-Count}.
   */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Operation(summary = "List the zones the caller may see, whole or one page")
  public Response list(
      @QueryParam("search") String search,
      @QueryParam("page") @WholeNumber(min = 0, max = Integer.MAX_VALUE, message = PAGE_NUMBER)
          String page,
      @QueryParam("size") @WholeNumber(min = 1, max = MAX_ZONES_PAGE, message = ZONES_SIZE)
          String size) {
    if (search == null && page == null && size == null) {
      return Response.ok(zones.summaries()).build();
    }
    int p = (int) WholeNumberValidator.valueOf(page, 0);
    int s = (int) WholeNumberValidator.valueOf(size, ZONES_PAGE);
    List<ZoneSummary> found =
        zones.page(search, (int) Math.min(Integer.MAX_VALUE, (long) p * s), s);
    return Response.ok(found).header("X-Total-Count", zones.count(search)).build();
  }

  @RolesAllowed(Role.OPERATOR_NAME)
  @POST
  @Operation(summary = "Create a zone, with a default SOA unless one is given")
  public Response create(
      @NotNull(message = "a JSON body with the zone's name is required") NewZone body) {
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
  @Operation(summary = "A zone: its record count and first page of records")
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
  @Operation(summary = "Export the zone as a BIND zone file")
  public Response file(@PathParam("zone") String zone) {
    String name = zones.readableName(zone);
    StreamingOutput body = out -> export.write(name, out);
    return Response.ok(body)
        .header("Content-Disposition", "attachment; filename=\"" + name + "zone\"")
        .build();
  }

  /** Who may transfer the zone without a TSIG key: its client networks. */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("{zone}/transfer")
  @Operation(summary = "The client networks that may transfer the zone (AXFR/IXFR)")
  public ZoneTransfer transfer(@PathParam("zone") String zone) {
    return new ZoneTransfer(transfers.networks(zone));
  }

  /**
   * Sets the client networks (CIDR) that may transfer the zone without a TSIG key; {@code
   * {"networks":[]}}: none. A bad network is refused naming the field {@code networks}. The
   * nameservers get the change as a new revision.
   */
  @RolesAllowed(Role.OPERATOR_NAME)
  @PUT
  @Path("{zone}/transfer")
  @Operation(summary = "Set the client networks that may transfer the zone (AXFR/IXFR)")
  public ZoneTransfer setTransfer(
      @PathParam("zone") String zone,
      @NotNull(message = "a JSON body with the zone's networks is required") ZoneTransfer body) {
    return new ZoneTransfer(transfers.setNetworks(zone, body.networks()));
  }

  /** The secondaries the nameservers NOTIFY when the zone changes. */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("{zone}/notify")
  @Operation(summary = "The secondaries notified when the zone changes (NOTIFY)")
  public ZoneNotify secondaries(@PathParam("zone") String zone) {
    return ZoneNotify.of(transfers.secondaries(zone));
  }

  /**
   * Sets the secondaries the nameservers NOTIFY when the zone changes; {@code {"secondaries":[]}}:
   * none. An address must be an IP address literal, the port defaults to 53, a key must be in the
   * store and may transfer the zone; anything else is refused naming the field {@code secondaries}.
   * The nameservers get the change as a new revision.
   */
  @RolesAllowed(Role.OPERATOR_NAME)
  @PUT
  @Path("{zone}/notify")
  @Operation(summary = "Set the secondaries notified when the zone changes (NOTIFY)")
  public ZoneNotify setSecondaries(
      @PathParam("zone") String zone,
      @NotNull(message = "a JSON body with the zone's secondaries is required") ZoneNotify body) {
    return ZoneNotify.of(transfers.setSecondaries(zone, body.toSecondaries()));
  }

  @RolesAllowed(Role.OPERATOR_NAME)
  @DELETE
  @Path("{zone}")
  @Operation(summary = "Delete a zone")
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
  @Operation(summary = "Import a BIND zone file as one change, or preview it (dryRun)")
  public ZoneImport importFile(
      @PathParam("zone") String zone, @QueryParam("dryRun") boolean dryRun, String file) {
    return dryRun ? zones.previewImport(zone, file) : zones.applyImport(zone, file);
  }

  /**
   * Imports many BIND zone files as one change: a {@code multipart/form-data} body with one part
   * per zone file, each part named after its zone ({@code curl -F
   * example.test=@example.test.zone}). Zones that do not exist are created from their file (its SOA
   * kept), existing ones then hold exactly their file's records, SOA aside; all or nothing, one
   * revision ({@link BulkZoneImport}). With {@code dryRun=true} only says what would change. Only
   * callers who may create zones may call it.
   */
  @RolesAllowed(Role.OPERATOR_NAME)
  @POST
  @Path("import")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(
      summary =
          "Import many BIND zone files (one multipart part per zone) as one change, or preview it"
              + " (dryRun)")
  public BulkImport importFiles(
      @QueryParam("dryRun") boolean dryRun,
      @NotNull(message = "a multipart body with one part per zone file is required")
          List<EntityPart> parts)
      throws IOException {
    List<ZoneFile> files = new ArrayList<>(parts.size());
    for (EntityPart part : parts) {
      try (InputStream in = part.getContent()) {
        files.add(new ZoneFile(part.getName(), new String(in.readAllBytes(), UTF_8)));
      }
    }
    return dryRun ? bulk.preview(files) : bulk.apply(files);
  }

  /**
   * Migration: pulls the named zones from an existing primary by AXFR (optionally signed with a
   * TSIG key of the store) and imports them as the bulk import does — with {@code dryRun=true} only
   * what would change; otherwise one change. A failed transfer is a 502 naming the zone and changes
   * nothing. Admins only: the server connects where the request says.
   */
  @RolesAllowed(Role.ADMIN_NAME)
  @POST
  @Path("transfer")
  @Operation(
      summary =
          "Import zones from an existing primary by AXFR (optionally with TSIG) as one change, or"
              + " preview it (dryRun)")
  public BulkImport importFromPrimary(
      @QueryParam("dryRun") boolean dryRun,
      @NotNull(message = "a JSON body naming the primary and the zones is required")
          TransferImport request) {
    return dryRun ? migration.preview(request) : migration.apply(request);
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
  @Operation(summary = "One page of a zone's records, sorted and searched")
  public Response records(
      @PathParam("zone") String zone,
      @QueryParam("search") String search,
      @QueryParam("sort") @Pattern(regexp = SORTS, message = SORT) String sort,
      @QueryParam("page") @WholeNumber(min = 0, max = Integer.MAX_VALUE, message = PAGE_NUMBER)
          String page,
      @QueryParam("size") @WholeNumber(min = 1, max = MAX_RECORDS_PAGE, message = RECORDS_SIZE)
          String size) {
    int p = (int) WholeNumberValidator.valueOf(page, 0);
    int s = (int) WholeNumberValidator.valueOf(size, RECORDS_PAGE);
    boolean descending = sort != null && sort.startsWith("-");
    RecordSort order = sort(sort);
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

  /**
   * The order a {@link #SORTS} value names ({@code name}, {@code type}, {@code ttl}, {@code data}).
   */
  private static RecordSort sort(String sort) {
    String column = sort == null ? "" : sort.replaceFirst("^-", "").strip();
    return column.isEmpty() ? RecordSort.NAME : RecordSort.valueOf(column.toUpperCase(Locale.ROOT));
  }

  /** What {@code sort} may be: a column or none, a {@code -} before it for descending. */
  static final String SORTS = "-?\\s*(name|type|ttl|data)?\\s*";

  static final String SORT = "sort is one of name, type, ttl, data (with - before it: descending)";

  static final String PAGE_NUMBER = "page must be a whole number, counting from 0";

  /** Zones per page of {@code GET /zones} when paged and not asked otherwise. */
  static final int ZONES_PAGE = 50;

  /** The largest page {@code GET /zones} answers. */
  static final int MAX_ZONES_PAGE = 1000;

  static final String ZONES_SIZE = "size must be a whole number from 1 to " + MAX_ZONES_PAGE;

  /** Records per page of {@code GET /zones/{zone}/records} unless asked otherwise. */
  static final int RECORDS_PAGE = 100;

  /** The largest page {@code GET /zones/{zone}/records} answers. */
  static final int MAX_RECORDS_PAGE = 1000;

  static final String RECORDS_SIZE = "size must be a whole number from 1 to " + MAX_RECORDS_PAGE;

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

  static final String RECORD_BODY = "a JSON body with the record is required";

  @RolesAllowed(Role.OPERATOR_NAME)
  @POST
  @Path("{zone}/records")
  @Operation(summary = "Add a record")
  public Response addRecord(
      @PathParam("zone") String zone, @NotNull(message = RECORD_BODY) RecordSpec spec) {
    ZoneRecord r = zones.addRecord(zone, spec);
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(r.getId())).build())
        .entity(RecordView.of(r))
        .build();
  }

  @RolesAllowed(Role.OPERATOR_NAME)
  @PUT
  @Path("{zone}/records/{id}")
  @Operation(summary = "Replace a record (409 if changed since read)")
  public RecordView updateRecord(
      @PathParam("zone") String zone,
      @PathParam("id") long id,
      @NotNull(message = RECORD_BODY) RecordEdit edit) {
    return RecordView.of(zones.updateRecord(zone, id, edit.spec(), edit.version()));
  }

  @RolesAllowed(Role.OPERATOR_NAME)
  @DELETE
  @Path("{zone}/records/{id}")
  @Operation(summary = "Delete a record (409 if changed since read)")
  public Response deleteRecord(
      @PathParam("zone") String zone,
      @PathParam("id") long id,
      @QueryParam("version") @WholeNumber(message = "version must be a whole number")
          String version) {
    zones.deleteRecord(zone, id, WholeNumberValidator.valueOrNull(version));
    return Response.noContent().build();
  }
}
