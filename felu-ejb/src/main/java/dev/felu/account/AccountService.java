package dev.felu.account;

import dev.felu.audit.AuditLog;
import dev.felu.input.InvalidInputException;
import dev.felu.model.account.Account;
import dev.felu.model.account.Role;
import dev.felu.problem.ConflictException;
import dev.felu.problem.NotFoundException;
import dev.felu.zone.ZoneGrants;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Local accounts: check a password, create, change, remove. Changes are audited. Listing and
 * changing accounts is for admins: the REST resource and the admin pages admit only them, and the
 * container refuses any other caller again ({@code @RolesAllowed}). Checking a password and the
 * first admin run before anyone is authenticated, so they carry no role rule.
 */
@Stateless
public class AccountService {
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
  public static final int MIN_PASSWORD = 10;

  @PersistenceContext EntityManager em;
  @Inject AuditLog audit;

  /**
   * Checks a username and password (throttling is the caller's job, see {@link LoginThrottle}).
   *
   * @return the caller, or empty for an unknown user, a wrong password or a disabled account
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Optional<Caller> check(String username, char[] password) {
    Optional<Account> found = find(loginName(username));
    boolean ok =
        found.isPresent()
            ? Passwords.verify(password, found.get().getPasswordHash())
            : burn(password);
    if (ok && found.get().isEnabled()) {
      return Optional.of(caller(found.get()));
    }
    return Optional.empty();
  }

  /**
   * The caller an account is right now, if it exists and is enabled: its current role and grants. A
   * UI session and a token are re-checked through this on every request, so disabling an account,
   * or changing its role or grants, takes effect at its next request.
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Optional<Caller> current(String username) {
    return find(username).filter(Account::isEnabled).map(AccountService::caller);
  }

  private static Caller caller(Account a) {
    return Caller.account(a.getUsername(), a.getRole(), a.isAllZones(), a.getZones());
  }

  /**
   * A username as typed at a login, as accounts are named: trimmed and lower case. Login and its
   * throttling both use this form, so {@code " Alice"} is the same account as {@code alice} to
   * both.
   */
  public static String loginName(String typed) {
    return typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
  }

  private static boolean burn(char[] password) {
    Passwords.burn(password);
    return false;
  }

  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Optional<Account> find(String username) {
    return em.createNamedQuery(Account.BY_USERNAME, Account.class)
        .setParameter("username", username)
        .getResultStream()
        .findFirst();
  }

  @RolesAllowed(Role.ADMIN_NAME)
  public Account get(String username) {
    return find(username)
        .orElseThrow(() -> new NotFoundException("account " + username + " does not exist"));
  }

  @RolesAllowed(Role.ADMIN_NAME)
  public List<Account> list() {
    return em.createNamedQuery(Account.ALL, Account.class).getResultList();
  }

  public long count() {
    return em.createNamedQuery(Account.COUNT, Long.class).getSingleResult();
  }

  @RolesAllowed(Role.ADMIN_NAME)
  public Account create(AccountSpec spec) {
    if (spec == null) {
      throw new InvalidInputException("body", "a JSON body describing the account is required");
    }
    String username = spec.username() == null ? "" : spec.username().trim();
    if (!USERNAME.matcher(username).matches()) {
      throw new InvalidInputException(
          "username",
          "a username is 1-64 lower-case letters, digits or . _ @ -, starting with a letter or"
              + " digit");
    }
    if (find(username).isPresent()) {
      throw new ConflictException("username", "account " + username + " already exists");
    }
    Account a = new Account(username, Passwords.hash(password(spec.password())), role(spec.role()));
    if (spec.enabled() != null) {
      a.setEnabled(spec.enabled());
    }
    scope(a, spec, Set.of());
    em.persist(a);
    audit.record(AuditLog.ACCOUNT, "create", null, username, null, describe(a, false));
    return a;
  }

  @RolesAllowed(Role.ADMIN_NAME)
  public Account update(String username, AccountSpec spec) {
    if (spec == null) {
      throw new InvalidInputException("body", "a JSON body is required");
    }
    Account a = get(username);
    String before = describe(a, false);
    boolean wasAdmin = a.isEnabled() && a.getRole() == Role.ADMIN;
    boolean passwordChanged = false;
    if (spec.password() != null) {
      a.setPasswordHash(Passwords.hash(password(spec.password())));
      passwordChanged = true;
    }
    if (spec.role() != null) {
      a.setRole(role(spec.role()));
    }
    if (spec.enabled() != null) {
      a.setEnabled(spec.enabled());
    }
    scope(a, spec, a.getZones());
    if (wasAdmin && !(a.isEnabled() && a.getRole() == Role.ADMIN)) {
      keepAnAdmin(a.getRole() != Role.ADMIN ? "role" : "enabled");
    }
    audit.record(AuditLog.ACCOUNT, "update", null, username, before, describe(a, passwordChanged));
    return a;
  }

  @RolesAllowed(Role.ADMIN_NAME)
  public void delete(String username) {
    Account a = get(username);
    String before = describe(a, false);
    boolean wasAdmin = a.isEnabled() && a.getRole() == Role.ADMIN;
    em.remove(a);
    if (wasAdmin) {
      keepAnAdmin(null);
    }
    audit.record(AuditLog.ACCOUNT, "delete", null, username, before, null);
  }

  /**
   * Sets what zones the account reaches from the spec: {@code allZones: true} for every zone,
   * {@code zones} for just those (an empty list: none). Zones given without {@code allZones} limit
   * the account to them. Both at once, or grants for an admin (who reaches every zone anyway), are
   * refused.
   *
   * @param held grants the account holds already (valid even if their zone was deleted since)
   */
  private void scope(Account a, AccountSpec spec, Set<String> held) {
    Set<String> zones =
        spec.zones() == null ? null : ZoneGrants.existing(em, ZoneGrants.names(spec.zones()), held);
    boolean all = Boolean.TRUE.equals(spec.allZones());
    if (all && zones != null && !zones.isEmpty()) {
      throw new InvalidInputException(
          "zones", "an account has either every zone (allZones) or zone grants, not both");
    }
    if (a.getRole() == Role.ADMIN && zones != null && !zones.isEmpty()) {
      throw new InvalidInputException(
          "zones", "an admin reaches every zone; zone grants are for operators and viewers");
    }
    if (spec.allZones() != null) {
      a.setAllZones(all);
      if (all) {
        a.setZones(Set.of());
      }
    } else if (zones != null) {
      a.setAllZones(false);
    }
    if (zones != null && !all) {
      a.setZones(zones);
    }
  }

  /** Creates the first admin (start-up, from configuration). */
  public Account createFirstAdmin(String username, char[] password) {
    Account a = new Account(username, Passwords.hash(password), Role.ADMIN);
    a.setAllZones(true);
    em.persist(a);
    audit.record(AuditLog.ACCOUNT, "create", null, username, null, describe(a, false));
    return a;
  }

  /**
   * Nobody may lock everyone out: at least one enabled admin stays. Runs after the change is
   * flushed, so the count sees it; the refusal rolls it back.
   *
   * @param field the field the refusal concerns ({@code role}, {@code enabled}; null for a delete)
   */
  private void keepAnAdmin(String field) {
    em.flush();
    long admins =
        em.createQuery(
                "SELECT COUNT(a) FROM Account a WHERE a.role = :role AND a.enabled = TRUE",
                Long.class)
            .setParameter("role", Role.ADMIN)
            .getSingleResult();
    if (admins == 0) {
      throw new ConflictException(
          field,
          "the last enabled admin cannot be "
              + (field == null ? "deleted" : "role".equals(field) ? "demoted" : "disabled")
              + ": make another account an enabled admin first");
    }
  }

  private static char[] password(String password) {
    if (password == null || password.length() < MIN_PASSWORD) {
      throw new InvalidInputException(
          "password", "a password needs at least " + MIN_PASSWORD + " characters");
    }
    return password.toCharArray();
  }

  static Role role(String role) {
    try {
      return Role.of(role);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("role", e.getMessage());
    }
  }

  /** The audit form of an account: never its password or hash. */
  static String describe(Account a, boolean passwordChanged) {
    return "username="
        + a.getUsername()
        + " role="
        + a.getRole().id()
        + " enabled="
        + a.isEnabled()
        + " zones="
        + (a.isAllZones() ? "all" : a.getZones())
        + (passwordChanged ? " (password changed)" : "");
  }
}
