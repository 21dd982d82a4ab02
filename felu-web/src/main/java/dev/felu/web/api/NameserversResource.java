package dev.felu.web.api;

import dev.felu.model.account.Role;
import dev.felu.model.nameserver.Nameserver;
import dev.felu.nameserver.IssuedKey;
import dev.felu.nameserver.NameserverService;
import dev.felu.nameserver.NameserverSpec;
import dev.felu.push.PushCoordinator;
import dev.felu.push.ResyncRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The nameserver fleet: register, enable/disable, remove, rotate link keys, force a full resync,
 * and see each one's link status. Key material leaves only in the reply that issues it, as a
 * bootstrap token.
 */
@Tag(name = "nameservers", description = "The nameserver fleet")
@Path("nameservers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NameserversResource {
  @Inject NameserverService nameservers;
  @Inject PushCoordinator push;
  @Context UriInfo uri;

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Operation(summary = "List the nameservers with link status, health and keys")
  public List<NameserverView> list() {
    return nameservers.list().stream().map(this::view).toList();
  }

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Path("{name}")
  @Operation(summary = "One nameserver")
  public NameserverView get(@PathParam("name") String name) {
    return view(nameservers.get(name));
  }

  @RolesAllowed(Role.ADMIN_NAME)
  @POST
  @Operation(summary = "Register a nameserver; its bootstrap token is shown this once")
  public Response register(
      @NotNull(message = "a JSON body describing the nameserver is required") NameserverSpec spec) {
    IssuedKey issued = nameservers.register(spec);
    Nameserver ns = issued.nameserver();
    return Response.created(uri.getAbsolutePathBuilder().path(ns.getName()).build())
        .entity(view(ns, issued.bootstrapToken()))
        .build();
  }

  /** Starts a key rotation: a new pending key, its token shown once. */
  @RolesAllowed(Role.ADMIN_NAME)
  @POST
  @Path("{name}/keys")
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Start a link key rotation; the new key's token is shown this once")
  public Response rotate(@PathParam("name") String name) {
    IssuedKey issued = nameservers.rotate(name);
    return Response.created(uri.getAbsolutePathBuilder().build())
        .entity(new IssuedKeyView(name, issued.keyId(), "PENDING", issued.bootstrapToken()))
        .build();
  }

  /**
   * Forces a full resync: the next sync sends the whole configuration even when the nameserver
   * holds the head; requested at once, or on connect while the link is down. 202: it is under way.
   */
  @RolesAllowed(Role.ADMIN_NAME)
  @POST
  @Path("{name}/resync")
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Force a full resync of a nameserver")
  public Response resync(@PathParam("name") String name) {
    ResyncRequest requested = push.resync(name);
    return Response.accepted(requested).build();
  }

  @RolesAllowed(Role.ADMIN_NAME)
  @PUT
  @Path("{name}")
  @Operation(summary = "Change a nameserver (only what is given)")
  public NameserverView update(
      @PathParam("name") String name,
      @NotNull(message = "a JSON body is required") NameserverSpec spec) {
    return view(nameservers.update(name, spec));
  }

  @RolesAllowed(Role.ADMIN_NAME)
  @DELETE
  @Path("{name}")
  @Operation(summary = "Forget a nameserver")
  public Response remove(@PathParam("name") String name) {
    nameservers.remove(name);
    return Response.noContent().build();
  }

  private NameserverView view(Nameserver ns) {
    return view(ns, null);
  }

  /** The nameserver with its keys, link status and health; the token only when just issued. */
  private NameserverView view(Nameserver ns, String bootstrapToken) {
    return NameserverView.of(
        ns,
        nameservers.keys(ns),
        push.status(ns.getName()),
        push.health(ns.getName()),
        bootstrapToken);
  }
}
