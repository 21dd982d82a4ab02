package dev.felu.web.ui;

import dev.felu.account.Caller;
import dev.felu.account.CallerContext;
import dev.felu.model.account.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * What the logged-in caller may do, for the pages to show or hide controls. Hiding is a courtesy:
 * the services check the same rules again on every change (a control a viewer never saw is not in
 * the view either, so a crafted post for it is not even decoded).
 */
@Named
@RequestScoped
public class Access {
  @Inject CallerContext callers;

  private Caller caller() {
    return callers.current().orElse(null);
  }

  public String getUser() {
    Caller c = caller();
    return c == null ? "" : c.name();
  }

  public String getRole() {
    Caller c = caller();
    return c == null ? "" : c.role().id();
  }

  /** May create and delete whole zones: unscoped operators and admins. */
  public boolean isCreateZones() {
    Caller c = caller();
    return c != null && c.canCreateOrDeleteZones();
  }

  public boolean canEdit(String zone) {
    Caller c = caller();
    return c != null && zone != null && c.canEdit(zone);
  }

  public boolean isAdmin() {
    Caller c = caller();
    return c != null && c.has(Role.ADMIN);
  }
}
