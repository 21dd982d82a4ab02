package dev.felu.web.api;

import dev.felu.config.ChangeStatus;
import dev.felu.config.ConfigHeadView;
import dev.felu.config.ConfigRevisions;
import dev.felu.config.Propagation;
import dev.felu.model.account.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The head revision every nameserver should hold, and where each change stands: which nameservers
 * serve it, since when.
 */
@Tag(name = "config", description = "Configuration revisions and their propagation")
@Path("config")
@Produces(MediaType.APPLICATION_JSON)
public class ConfigResource {
  @Inject ConfigRevisions revisions;
  @Inject Propagation propagation;

  public record Head(long revision, String hash) {}

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Operation(summary = "The head revision and hash every nameserver should hold")
  public Head head() {
    ConfigHeadView h = revisions.head();
    return new Head(h.revision(), h.hash().hex());
  }

  /** The newest changes (at most {@code limit}, 1..500, default 20), newest first. */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("revisions")
  @Operation(summary = "The newest changes, each with where it stands")
  public List<ChangeStatus> recent(
      @QueryParam("limit")
          @WholeNumber(min = 1, max = 500, message = "limit must be a whole number from 1 to 500")
          String limit) {
    return propagation.recent((int) WholeNumberValidator.valueOf(limit, 20));
  }

  /** One change: INSYNC once every enabled nameserver serves it, with each one's time. */
  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("revisions/{revision}")
  @Operation(summary = "Where one change stands: which nameservers serve it, since when")
  public ChangeStatus revision(@PathParam("revision") long revision) {
    return propagation.of(revision);
  }
}
