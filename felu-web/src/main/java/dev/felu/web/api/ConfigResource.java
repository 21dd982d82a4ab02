package dev.felu.web.api;

import dev.felu.config.ConfigHeadView;
import dev.felu.config.ConfigRevisions;
import dev.felu.model.account.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The head revision every nameserver should hold. */
@Path("config")
@Produces(MediaType.APPLICATION_JSON)
public class ConfigResource {
  @Inject ConfigRevisions revisions;

  public record Head(long revision, String hash) {}

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  public Head head() {
    ConfigHeadView h = revisions.head();
    return new Head(h.revision(), h.hash().hex());
  }
}
