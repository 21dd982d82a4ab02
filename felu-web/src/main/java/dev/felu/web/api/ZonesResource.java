package dev.felu.web.api;

import dev.felu.account.Caller;
import dev.felu.model.account.Role;
import dev.felu.model.zone.InvalidRecordException;
import dev.felu.model.zone.Zone;
import dev.felu.model.zone.ZoneRecord;
import dev.felu.zone.RecordSpec;
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
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** Zones and their records. A zone is addressed by its name, with or without the trailing dot. */
@Path("zones")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ZonesResource {
  @Inject ZoneService zones;
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
      @QueryParam("page") Integer page,
      @QueryParam("size") Integer size) {
    if (search == null && page == null && size == null) {
      return Response.ok(zones.summaries()).build();
    }
    int p = page == null ? 0 : page;
    int s = size == null ? 50 : size;
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

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("{zone}")
  public ZoneView get(@PathParam("zone") String zone) {
    return ZoneView.of(zones.getWithRecords(zone));
  }

  /** The zone as a BIND zone file (RFC 1035 §5), the SOA first; what the UI's export downloads. */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("{zone}/file")
  @Produces("text/dns")
  public Response file(@PathParam("zone") String zone) {
    String name = Caller.normalise(zone);
    return Response.ok(zones.zoneFile(zone))
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

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("{zone}/records")
  public List<RecordView> records(@PathParam("zone") String zone) {
    return ZoneView.of(zones.getWithRecords(zone)).records();
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
