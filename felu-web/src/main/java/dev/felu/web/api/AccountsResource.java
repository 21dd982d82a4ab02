package dev.felu.web.api;

import dev.felu.account.AccountService;
import dev.felu.account.AccountSpec;
import dev.felu.model.account.Account;
import dev.felu.model.account.Role;
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

/** Local accounts (admins only): {@code {username, password, role, enabled, zones, allZones}}. */
@Tag(name = "accounts", description = "Local accounts (admins only)")
@Path("accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class AccountsResource {
  @Inject AccountService accounts;
  @Context UriInfo uri;

  @GET
  @Operation(summary = "List the accounts")
  public List<AccountView> list() {
    return accounts.list().stream().map(AccountView::of).toList();
  }

  @GET
  @Path("{username}")
  @Operation(summary = "One account")
  public AccountView get(@PathParam("username") String username) {
    return AccountView.of(accounts.get(username));
  }

  @POST
  @Operation(summary = "Create an account")
  public Response create(
      @NotNull(message = "a JSON body describing the account is required") AccountSpec spec) {
    Account a = accounts.create(spec);
    return Response.created(uri.getAbsolutePathBuilder().path(a.getUsername()).build())
        .entity(AccountView.of(a))
        .build();
  }

  @PUT
  @Path("{username}")
  @Operation(summary = "Change an account (only what is given)")
  public AccountView update(
      @PathParam("username") String username,
      @NotNull(message = "a JSON body is required") AccountSpec spec) {
    return AccountView.of(accounts.update(username, spec));
  }

  @DELETE
  @Path("{username}")
  @Operation(summary = "Delete an account")
  public Response delete(@PathParam("username") String username) {
    accounts.delete(username);
    return Response.noContent().build();
  }
}
