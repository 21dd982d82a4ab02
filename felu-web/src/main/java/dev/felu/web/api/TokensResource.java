package dev.felu.web.api;

import dev.felu.account.Caller;
import dev.felu.account.CallerContext;
import dev.felu.account.CreatedToken;
import dev.felu.account.TokenService;
import dev.felu.account.TokenSpec;
import dev.felu.model.account.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
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
 * API tokens. Any account may make tokens for itself, at most with its own role and zones (an
 * admin's may carry any role); the secret is in the answer to POST and nowhere else. Admins list
 * and revoke every token, others their own. Tokens themselves cannot manage tokens (403).
 */
@Tag(name = "tokens", description = "API tokens")
@Path("tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokensResource {
  @Inject TokenService tokens;
  @Inject CallerContext callers;
  @Context UriInfo uri;

  @RolesAllowed(Role.VIEWER_NAME)
  @POST
  @Operation(summary = "Make an API token for yourself; its secret is shown this once")
  public Response create(
      @NotNull(message = "a JSON body with the token's name is required") TokenSpec spec) {
    CreatedToken made = tokens.create(caller(), spec);
    return Response.created(
            uri.getAbsolutePathBuilder().path(String.valueOf(made.token().getId())).build())
        .header("Cache-Control", "no-store")
        .entity(TokenView.of(made.token(), made.secret()))
        .build();
  }

  @RolesAllowed(Role.VIEWER_NAME)
  @GET
  @Operation(summary = "List API tokens (admins: all; others: their own), without secrets")
  public List<TokenView> list() {
    return tokens.list(caller()).stream().map(t -> TokenView.of(t, null)).toList();
  }

  @RolesAllowed(Role.VIEWER_NAME)
  @DELETE
  @Path("{id}")
  @Operation(summary = "Revoke an API token")
  public Response revoke(@PathParam("id") long id) {
    tokens.revoke(caller(), id);
    return Response.noContent().build();
  }

  private Caller caller() {
    return callers.current().orElseThrow(() -> new NotAuthorizedException("Bearer"));
  }
}
