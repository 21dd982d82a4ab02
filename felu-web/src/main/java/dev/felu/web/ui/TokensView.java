package dev.felu.web.ui;

import dev.felu.account.Caller;
import dev.felu.account.CallerContext;
import dev.felu.account.CreatedToken;
import dev.felu.account.TokenService;
import dev.felu.account.TokenSpec;
import dev.felu.model.account.ApiToken;
import dev.felu.model.account.Role;
import dev.felu.problem.AccessDeniedException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Backs {@code tokens.xhtml} (every account): API tokens as {@link TokenService} lists them (one's
 * own; an admin's list holds every token), making one with a role up to one's own and optional
 * zones, revoking one. The secret of a new token is shown once: it lives only in the request that
 * made it (a request attribute, never a field of this view-scoped bean), so no later response can
 * show it again.
 */
@Named
@ViewScoped
public class TokensView implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String SECRET = TokensView.class.getName() + ".secret";

  @Inject TokenService tokens;
  @Inject CallerContext callers;

  /** A token as the table shows it: the service stores no secret, so none can be listed. */
  public record Row(
      long id,
      String name,
      String owner,
      String role,
      List<String> zones,
      LocalDateTime created,
      LocalDateTime lastUsed,
      LocalDateTime revoked)
      implements Serializable {
    static Row of(ApiToken t) {
      return new Row(
          t.getId(),
          t.getName(),
          t.getOwner(),
          t.getRole().id(),
          List.copyOf(t.getZones()),
          t.getCreated(),
          t.getLastUsed(),
          t.getRevoked());
    }
  }

  private List<Row> rows = List.of();
  private String newName;
  private String newRole;
  private List<String> newZones = new ArrayList<>();
  private String madeName;

  @PostConstruct
  void init() {
    newRole = caller().role().id();
    reload();
  }

  private Caller caller() {
    return callers
        .current()
        .orElseThrow(() -> new AccessDeniedException("log in to manage API tokens"));
  }

  private void reload() {
    rows = tokens.list(caller()).stream().map(Row::of).toList();
  }

  public void create() {
    try {
      CreatedToken made =
          tokens.create(
              caller(),
              new TokenSpec(
                  newName, newRole, newZones == null ? Set.of() : new LinkedHashSet<>(newZones)));
      FacesContext.getCurrentInstance().getAttributes().put(SECRET, made.secret());
      madeName = made.token().getName();
      newName = null;
      newZones = new ArrayList<>();
      reload();
    } catch (RuntimeException e) {
      Messages.refused(
          e,
          Messages.fields(
              Map.of("name", "create:name", "role", "create:role", "zones", "create:zones"), null));
    }
  }

  public void revoke(long id) {
    try {
      ApiToken t = tokens.revoke(caller(), id);
      Messages.info("Revoked token " + t.getName() + ": it no longer works");
    } catch (RuntimeException e) {
      Messages.refused(e, f -> null);
    }
    reload();
  }

  /** The new token's secret, only while rendering the response of the request that made it. */
  public String getSecret() {
    Object secret = FacesContext.getCurrentInstance().getAttributes().get(SECRET);
    return secret == null ? null : secret.toString();
  }

  public String getMadeName() {
    return madeName;
  }

  /** The roles this caller may give a token: its own and those below it. */
  public List<String> getRoles() {
    return TokenService.grantable(caller()).stream().map(Role::id).toList();
  }

  public boolean isAdmin() {
    return caller().has(Role.ADMIN);
  }

  public List<Row> getRows() {
    return rows;
  }

  public String getNewName() {
    return newName;
  }

  public void setNewName(String newName) {
    this.newName = newName;
  }

  public String getNewRole() {
    return newRole;
  }

  public void setNewRole(String newRole) {
    this.newRole = newRole;
  }

  public List<String> getNewZones() {
    return newZones;
  }

  public void setNewZones(List<String> newZones) {
    this.newZones = newZones;
  }
}
