package dev.felu.web.api;

import dev.felu.model.account.Role;
import dev.felu.tsig.CreatedTsigKey;
import dev.felu.tsig.TsigKeyService;
import dev.felu.tsig.TsigKeySpec;
import dev.felu.update.UpdatePolicyService;
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
 * TSIG keys (RFC 8945), admins only: make one (its secret is in the answer to POST and nowhere
 * else), list them without secrets, set the zones each may transfer and the names each may update
 * (its update policy), delete.
 */
@Tag(name = "tsig-keys", description = "TSIG keys for zone transfers, NOTIFY and updates")
@Path("tsig-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class TsigKeysResource {
  @Inject TsigKeyService keys;
  @Inject UpdatePolicyService policies;
  @Context UriInfo uri;

  @POST
  @Operation(summary = "Make a TSIG key; its secret is shown this once")
  public Response create(
      @NotNull(message = "a JSON body with the key's name is required") TsigKeySpec spec) {
    CreatedTsigKey made = keys.create(spec);
    return Response.created(uri.getAbsolutePathBuilder().path(made.key().getName()).build())
        .header("Cache-Control", "no-store")
        .entity(TsigKeyView.of(made.key(), made.secret()))
        .build();
  }

  @GET
  @Operation(summary = "List the TSIG keys, without secrets")
  public List<TsigKeyView> list() {
    return keys.list().stream().map(k -> TsigKeyView.of(k, null)).toList();
  }

  @GET
  @Path("{name}")
  @Operation(summary = "One TSIG key, without its secret")
  public TsigKeyView get(@PathParam("name") String name) {
    return TsigKeyView.of(keys.get(name), null);
  }

  @PUT
  @Path("{name}")
  @Operation(summary = "Set the zones a TSIG key may transfer")
  public TsigKeyView setZones(
      @PathParam("name") String name,
      @NotNull(message = "a JSON body with the key's zones is required") TsigKeyZones body) {
    return TsigKeyView.of(keys.setZones(name, body.zones()), null);
  }

  @GET
  @Path("{name}/update-policy")
  @Operation(summary = "The update policy of a TSIG key: what it may change by RFC 2136 UPDATE")
  public TsigKeyUpdatePolicy updatePolicy(@PathParam("name") String name) {
    return TsigKeyUpdatePolicy.of(policies.rules(name));
  }

  /**
   * Replaces the key's update policy; {@code {"rules":[]}}: the key may update nothing. A bad rule
   * is refused naming the field {@code rules} and the rule's number; a rule's zone must exist.
   */
  @PUT
  @Path("{name}/update-policy")
  @Operation(summary = "Set the update policy of a TSIG key (rules of zone, names, types)")
  public TsigKeyUpdatePolicy setUpdatePolicy(
      @PathParam("name") String name,
      @NotNull(message = "a JSON body with the key's rules is required") TsigKeyUpdatePolicy body) {
    return TsigKeyUpdatePolicy.of(policies.setRules(name, body.toRules()));
  }

  @DELETE
  @Path("{name}")
  @Operation(summary = "Delete a TSIG key")
  public Response delete(@PathParam("name") String name) {
    keys.delete(name);
    return Response.noContent().build();
  }
}
