package dev.felu.account;

import dev.felu.audit.AuditLog;
import dev.felu.input.InvalidInputException;
import dev.felu.model.account.ApiToken;
import dev.felu.model.account.Role;
import dev.felu.problem.AccessDeniedException;
import dev.felu.problem.NotFoundException;
import dev.felu.zone.ZoneGrants;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API tokens: made by an account for itself (an admin's may carry any role; anyone else's at most
 * their own role and, for an operator with zone grants, only granted zones), listed without
 * secrets, revoked. A token acts with the lower of its own role and its owner's current role, on
 * the zones it names that its owner still reaches (or, naming none, on whatever its owner reaches),
 * and stops working when the owner is disabled or removed.
 */
@Stateless
public class TokenService {
  @PersistenceContext EntityManager em;
  @Inject AuditLog audit;
  @Inject AccountService accounts;

  public CreatedToken create(Caller maker, TokenSpec spec) {
    refuseTokens(maker, "make");
    if (maker.isSingleSignOn()) {
      // a token is checked against its maker's account on every use, and there is none
      throw new AccessDeniedException(
          "single-sign-on users cannot make API tokens; a token needs a local account");
    }
    if (spec == null) {
      throw new InvalidInputException("body", "a JSON body with the token's name is required");
    }
    String name = spec.name() == null ? "" : spec.name().trim();
    if (name.isEmpty() || name.length() > 100) {
      throw new InvalidInputException("name", "a token needs a name of 1-100 characters");
    }
    Role role = spec.role() == null ? maker.role() : AccountService.role(spec.role());
    if (!maker.has(role)) {
      throw new AccessDeniedException(
          "your role " + maker.role().id() + " cannot make a token with role " + role.id());
    }
    Set<String> zones = ZoneGrants.existing(em, ZoneGrants.names(spec.zones()), maker.zoneNames());
    if (!zones.stream().allMatch(maker::canRead)) {
      throw new AccessDeniedException("a token may only cover zones granted to you");
    }
    if (zones.isEmpty() && maker.scoped()) {
      // the maker's grants as they are now, so the token never gains a zone granted later; on
      // every use it is narrowed again to what its owner still holds
      zones = maker.zoneNames();
    }
    if (role == Role.ADMIN && !zones.isEmpty()) {
      throw new InvalidInputException(
          "zones", "an admin token cannot be limited to zones; give it role operator");
    }
    String secret = TokenSecret.generate();
    ApiToken t = new ApiToken(name, TokenSecret.hash(secret), role, maker.name(), zones);
    em.persist(t);
    em.flush();
    audit.record(AuditLog.TOKEN, "create", null, subject(t), null, describe(t));
    return new CreatedToken(t, secret);
  }

  /** Every token for an admin; one's own otherwise. Tokens may not list tokens. */
  public List<ApiToken> list(Caller caller) {
    refuseTokens(caller, "list");
    if (caller.has(Role.ADMIN)) {
      return em.createNamedQuery(ApiToken.ALL, ApiToken.class).getResultList();
    }
    return em.createNamedQuery(ApiToken.BY_OWNER, ApiToken.class)
        .setParameter("owner", caller.name())
        .getResultList();
  }

  /** Revokes one of the caller's tokens, or any token for an admin; tokens may not revoke. */
  public ApiToken revoke(Caller caller, long id) {
    refuseTokens(caller, "revoke");
    ApiToken t = em.find(ApiToken.class, id);
    boolean mayRevoke = t != null && (caller.has(Role.ADMIN) || t.getOwner().equals(caller.name()));
    if (!mayRevoke) {
      throw new NotFoundException("token " + id + " does not exist");
    }
    if (!t.isRevoked()) {
      String before = describe(t);
      t.revoke();
      audit.record(AuditLog.TOKEN, "delete", null, subject(t), before, describe(t));
    }
    return t;
  }

  /**
   * The caller a bearer secret stands for, if it is a live token of an enabled account. Records
   * when it was last used (at most once a minute, to keep reads cheap).
   */
  public Optional<Caller> authenticate(String secret) {
    if (!TokenSecret.wellFormed(secret)) {
      return Optional.empty();
    }
    Optional<ApiToken> found =
        em.createNamedQuery(ApiToken.BY_HASH, ApiToken.class)
            .setParameter("hash", TokenSecret.hash(secret))
            .getResultStream()
            .findFirst()
            .filter(t -> !t.isRevoked());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ApiToken t = found.get();
    // the owner as it is now: a token never keeps a role or a zone its owner has lost
    Optional<Caller> owner = accounts.current(t.getOwner());
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
    if (t.getLastUsed() == null || t.getLastUsed().isBefore(now.minusMinutes(1))) {
      t.setLastUsed(now);
    }
    return Optional.of(
        Caller.token(t.getId(), t.getName(), t.getRole(), t.getZones(), owner.get()));
  }

  /** Tokens manage no tokens: a leaked token must not mint or hide others. */
  private static void refuseTokens(Caller caller, String verb) {
    if (caller.isToken()) {
      throw new AccessDeniedException("a token cannot " + verb + " tokens; log in with an account");
    }
  }

  /** The roles a caller may give a token: its own and those below it. */
  public static List<Role> grantable(Caller maker) {
    return java.util.Arrays.stream(Role.values()).filter(maker::has).toList();
  }

  private static String subject(ApiToken t) {
    return t.getId() + " " + t.getName();
  }

  private static String describe(ApiToken t) {
    return "name="
        + t.getName()
        + " role="
        + t.getRole().id()
        + " owner="
        + t.getOwner()
        + " zones="
        + t.getZones()
        + (t.isRevoked() ? " revoked" : "");
  }
}
