package dev.felu.web.ui;

import dev.felu.account.AccountService;
import dev.felu.account.AccountSpec;
import dev.felu.model.account.Account;
import dev.felu.model.account.Role;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Backs {@code admin/users.xhtml} (admins; web.xml admits no one else to {@code /admin/*}): the
 * accounts, creating one, changing its role, enabled flag, zone grants or password, deleting it.
 * Every action goes through {@link AccountService}, which checks the caller is an admin again,
 * refuses bad input naming the field and keeps at least one enabled admin.
 */
@Named
@ViewScoped
public class UsersView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject AccountService accounts;

  /** An account as the table shows it: never its password hash. */
  public record Row(
      String username,
      String role,
      boolean enabled,
      boolean allZones,
      List<String> zones,
      LocalDateTime created)
      implements Serializable {
    static Row of(Account a) {
      return new Row(
          a.getUsername(),
          a.getRole().id(),
          a.isEnabled(),
          a.isAllZones(),
          a.isAllZones() ? List.of() : List.copyOf(a.getZones()),
          a.getCreated());
    }

    /** What the table says of the zones it reaches. */
    public String reach() {
      return allZones ? "all zones" : zones.isEmpty() ? "no zones" : String.join(", ", zones);
    }
  }

  private List<Row> rows = List.of();

  private String newUsername;
  private String newPassword;
  private String newRole = Role.VIEWER.id();
  private List<String> newZones = new ArrayList<>();
  private boolean newAllZones;

  /** The account the edit dialog changes, and its fields there. */
  private String editing;

  private String editRole;
  private boolean editEnabled;
  private List<String> editZones = new ArrayList<>();
  private boolean editAllZones;
  private String editPassword;

  @PostConstruct
  void init() {
    reload();
  }

  private void reload() {
    try {
      rows = accounts.list().stream().map(Row::of).toList();
    } catch (RuntimeException e) {
      rows = List.of();
      Messages.refused(e, f -> null);
    }
  }

  public void create() {
    try {
      Account a =
          accounts.create(
              new AccountSpec(
                  newUsername, newPassword, newRole, true, zoneSet(newZones), newAllZones));
      Messages.info("Created " + a.getRole().id() + " " + a.getUsername());
      newUsername = null;
      newRole = Role.VIEWER.id();
      newZones = new ArrayList<>();
      newAllZones = false;
      reload();
    } catch (RuntimeException e) {
      Messages.refused(
          e,
          Messages.fields(
              Map.of(
                  "username", "create:username",
                  "password", "create:password",
                  "role", "create:role",
                  "zones", "create:zones",
                  "allZones", "create:allZones"),
              null));
    } finally {
      newPassword = null;
    }
  }

  /** Fills the edit dialog with the account as it is now. */
  public void edit(String username) {
    try {
      Account a = accounts.get(username);
      editing = a.getUsername();
      editRole = a.getRole().id();
      editEnabled = a.isEnabled();
      editAllZones = a.isAllZones();
      editZones = editAllZones ? new ArrayList<>() : new ArrayList<>(a.getZones());
      editPassword = null;
    } catch (RuntimeException e) {
      editing = null;
      Messages.refused(e, f -> null);
    }
  }

  /** Saves the dialog; an empty password field keeps the password. */
  public void save() {
    try {
      String password = editPassword == null || editPassword.isEmpty() ? null : editPassword;
      accounts.update(
          editing,
          new AccountSpec(null, password, editRole, editEnabled, zoneSet(editZones), editAllZones));
      Messages.info("Saved " + editing + (password == null ? "" : " (password reset)"));
      reload();
    } catch (RuntimeException e) {
      Messages.refused(
          e,
          Messages.fields(
              Map.of(
                  "password", "edit:password",
                  "role", "edit:role",
                  "enabled", "edit:enabled",
                  "zones", "edit:zones",
                  "allZones", "edit:allZones"),
              null));
    } finally {
      editPassword = null;
    }
  }

  public void delete(String username) {
    try {
      accounts.delete(username);
      Messages.info("Deleted " + username);
    } catch (RuntimeException e) {
      Messages.refused(e, f -> null);
    }
    reload();
  }

  private static Set<String> zoneSet(List<String> zones) {
    return zones == null ? Set.of() : new LinkedHashSet<>(zones);
  }

  public List<String> getRoles() {
    return Arrays.stream(Role.values()).map(Role::id).toList();
  }

  public int getMinPassword() {
    return AccountService.MIN_PASSWORD;
  }

  public List<Row> getRows() {
    return rows;
  }

  public String getNewUsername() {
    return newUsername;
  }

  public void setNewUsername(String newUsername) {
    this.newUsername = newUsername;
  }

  public String getNewPassword() {
    return newPassword;
  }

  public void setNewPassword(String newPassword) {
    this.newPassword = newPassword;
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

  public String getEditing() {
    return editing;
  }

  public String getEditRole() {
    return editRole;
  }

  public void setEditRole(String editRole) {
    this.editRole = editRole;
  }

  public boolean isEditEnabled() {
    return editEnabled;
  }

  public void setEditEnabled(boolean editEnabled) {
    this.editEnabled = editEnabled;
  }

  public boolean isNewAllZones() {
    return newAllZones;
  }

  public void setNewAllZones(boolean newAllZones) {
    this.newAllZones = newAllZones;
  }

  public boolean isEditAllZones() {
    return editAllZones;
  }

  public void setEditAllZones(boolean editAllZones) {
    this.editAllZones = editAllZones;
  }

  public List<String> getEditZones() {
    return editZones;
  }

  public void setEditZones(List<String> editZones) {
    this.editZones = editZones;
  }

  public String getEditPassword() {
    return editPassword;
  }

  public void setEditPassword(String editPassword) {
    this.editPassword = editPassword;
  }
}
