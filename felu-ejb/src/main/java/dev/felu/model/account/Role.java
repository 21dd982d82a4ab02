package dev.felu.model.account;

import java.util.Locale;
import java.util.Set;

/**
 * What a caller may do. Roles are ordered: an admin may do everything an operator may, an operator
 * everything a viewer may. The container sees a caller as member of its role's group and of every
 * group below it, so {@code @RolesAllowed("viewer")} admits all three.
 */
public enum Role {
  /** Reads zones, records, nameserver status and the config head; changes nothing. */
  VIEWER,
  /** Also edits zones and records (optionally only the zones granted). */
  OPERATOR,
  /** Also registers nameservers, manages accounts and tokens, reads the audit log. */
  ADMIN;

  public static final String VIEWER_NAME = "viewer";
  public static final String OPERATOR_NAME = "operator";
  public static final String ADMIN_NAME = "admin";

  /** The role's name as the container and the API spell it: {@code admin}, {@code viewer}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when this role may do what {@code other} may. */
  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  /** The container groups of a caller with this role: its own and every role below it. */
  public Set<String> groups() {
    return switch (this) {
      case VIEWER -> Set.of(VIEWER_NAME);
      case OPERATOR -> Set.of(VIEWER_NAME, OPERATOR_NAME);
      case ADMIN -> Set.of(VIEWER_NAME, OPERATOR_NAME, ADMIN_NAME);
    };
  }

  /**
   * Parses {@code admin}, {@code operator} or {@code viewer} (any case).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Role of(String id) {
    if (id != null) {
      for (Role r : values()) {
        if (r.id().equalsIgnoreCase(id.trim())) {
          return r;
        }
      }
    }
    throw new IllegalArgumentException("role must be admin, operator or viewer, got '" + id + "'");
  }
}
