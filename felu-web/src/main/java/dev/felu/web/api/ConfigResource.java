package dev.felu.web.api;

import dev.felu.config.ChangeStatus;
import dev.felu.config.ConfigHeadView;
import dev.felu.config.ConfigRevisions;
import dev.felu.config.Propagation;
import dev.felu.model.account.Role;
import dev.felu.model.zone.InvalidRecordException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The head revision every nameserver should hold, and where each change stands: which nameservers
 * serve it, since when.
 */
@Path("config")
@Produces(MediaType.APPLICATION_JSON)
public class ConfigResource {
  @Inject ConfigRevisions revisions;
  @Inject Propagation propagation;

  public record Head(long revision, String hash) {}

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  public Head head() {
    ConfigHeadView h = revisions.head();
    return new Head(h.revision(), h.hash().hex());
  }

  /** The newest changes (at most {@code limit}, 1..500, default 20), newest first. */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("revisions")
  public List<ChangeStatus> recent(@QueryParam("limit") @DefaultValue("20") int limit) {
    if (limit < 1 || limit > 500) {
      throw new InvalidRecordException("limit", "limit must be 1..500, got " + limit);
    }
    return propagation.recent(limit);
  }

  /** One change: INSYNC once every enabled nameserver serves it, with each one's time. */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("revisions/{revision}")
  public ChangeStatus revision(@PathParam("revision") long revision) {
    return propagation.of(revision);
  }
}
