package dev.felu.account;

import dev.felu.model.account.Role;
import dev.felu.problem.AccessDeniedException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling: an account (UI session or HTTP Basic) or an API token, with its role and zone
 * scope. An empty scope means every zone; otherwise only the listed zones (absolute, lower case)
 * may be read or edited, and no zone may be created or deleted.
 *
 * @param name the account's username, or the token's name
 * @param tokenId the token's id when the caller is a token, else null
 */
public record Caller(String name, Role role, Set<String> zones, Long tokenId)
    implements java.io.Serializable {
  public Caller {
    TreeSet<String> normal = new TreeSet<>();
    for (String z : zones) {
      normal.add(normalise(z));
    }
    zones = Set.copyOf(normal);
  }

  public static Caller account(String username, Role role, Set<String> zones) {
    return new Caller(username, role, zones, null);
  }

  public static Caller token(long id, String name, Role role, Set<String> zones) {
    return new Caller(name, role, zones, id);
  }

  public boolean isToken() {
    return tokenId != null;
  }

  /** How the audit log names the caller: the username, or {@code token:<name>}. */
  public String actor() {
    return isToken() ? "token:" + name : name;
  }

  public boolean scoped() {
    return !zones.isEmpty();
  }

  public boolean has(Role needed) {
    return role.includes(needed);
  }

  /** May this caller see the zone's records? */
  public boolean canRead(String zone) {
    return !scoped() || zones.contains(normalise(zone));
  }

  /** May this caller change the zone's records? */
  public boolean canEdit(String zone) {
    return has(Role.OPERATOR) && canRead(zone);
  }

  /** May this caller create or delete whole zones? Only unscoped operators and admins. */
  public boolean canCreateOrDeleteZones() {
    return has(Role.OPERATOR) && !scoped();
  }

  /**
   * Refuses a caller below {@code needed}, for services whose boundary (a REST method's
   * {@code @RolesAllowed}, a page's web.xml constraint) already admits only that role: the service
   * checks again, so a missed constraint or a crafted post cannot reach it.
   *
   * @param what what the role is needed for, as the refusal says it ("manage accounts")
   */
  public void require(Role needed, String what) {
    if (!has(needed)) {
      throw new AccessDeniedException(
          "your role " + role.id() + " may not " + what + "; that needs " + needed.id());
    }
  }

  public void requireRead(String zone) {
    if (!canRead(zone)) {
      throw new AccessDeniedException("zone " + normalise(zone) + " is outside your zone scope");
    }
  }

  public void requireEdit(String zone) {
    requireRead(zone);
    if (!canEdit(zone)) {
      throw new AccessDeniedException("your role " + role.id() + " may not change zones");
    }
  }

  public void requireCreateOrDelete() {
    if (!canCreateOrDeleteZones()) {
      throw new AccessDeniedException(
          scoped()
              ? "a caller limited to some zones may not create or delete zones"
              : "your role " + role.id() + " may not create or delete zones");
    }
  }

  /** Zone names compare as DNS names do: case-insensitively, always absolute. */
  public static String normalise(String zone) {
    String z = zone.trim().toLowerCase(Locale.ROOT);
    return z.endsWith(".") ? z : z + ".";
  }
}
