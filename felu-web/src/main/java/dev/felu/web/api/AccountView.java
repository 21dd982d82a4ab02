package dev.felu.web.api;

import dev.felu.model.account.Account;
import java.time.LocalDateTime;
import java.util.Set;

/** An account as the API shows it: never its password hash. */
public record AccountView(
    String username,
    String role,
    boolean enabled,
    boolean allZones,
    Set<String> zones,
    LocalDateTime created) {
  public static AccountView of(Account a) {
    return new AccountView(
        a.getUsername(),
        a.getRole().id(),
        a.isEnabled(),
        a.isAllZones(),
        a.isAllZones() ? Set.of() : a.getZones(),
        a.getCreated());
  }
}
