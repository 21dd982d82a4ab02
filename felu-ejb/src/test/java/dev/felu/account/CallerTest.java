package dev.felu.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.model.account.Role;
import dev.felu.model.zone.ZoneName;
import dev.felu.problem.AccessDeniedException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {
  final Caller admin = Caller.account("root", Role.ADMIN, false, Set.of());
  final Caller operator = Caller.account("op", Role.OPERATOR, true, Set.of());
  final Caller granted =
      Caller.account("op2", Role.OPERATOR, false, Set.of("Example.TEST", "b.test"));
  final Caller viewer = Caller.account("eve", Role.VIEWER, true, Set.of());
  final Caller token = Caller.token(7, "certbot", Role.OPERATOR, Set.of("example.test."), granted);

  @Test
  void rolesIncludeTheRolesBelowThem() {
    assertTrue(admin.has(Role.OPERATOR) && admin.has(Role.VIEWER));
    assertTrue(operator.has(Role.VIEWER));
    assertFalse(operator.has(Role.ADMIN));
    assertFalse(viewer.has(Role.OPERATOR));
    assertEquals(Set.of("viewer", "operator", "admin"), Role.ADMIN.groups());
    assertEquals(Set.of("viewer"), Role.VIEWER.groups());
  }

  @Test
  void unscopedCallersReachEveryZoneAsTheirRoleAllows() {
    assertTrue(operator.canEdit("any.test"));
    assertTrue(operator.canCreateOrDeleteZones());
    assertTrue(viewer.canRead("any.test"));
    assertFalse(viewer.canEdit("any.test"));
    assertThrows(AccessDeniedException.class, () -> viewer.requireEdit("any.test"));
    assertThrows(AccessDeniedException.class, viewer::requireCreateOrDelete);
  }

  @Test
  void aScopeLimitsReadsAndEditsToItsZonesComparedAsDnsNames() {
    for (Caller c : new Caller[] {granted, token}) {
      assertTrue(c.canEdit("example.test"), c.toString());
      assertTrue(c.canEdit("EXAMPLE.test."), c.toString());
      assertFalse(c.canRead("other.test."), c.toString());
      assertFalse(c.canEdit("sub.example.test."), "a scope is exact, not a suffix");
      assertFalse(c.canCreateOrDeleteZones(), "scoped callers cannot create or delete zones");
      assertThrows(AccessDeniedException.class, () -> c.requireRead("other.test"));
    }
  }

  @Test
  void noGrantsMeansNoZoneNotEveryZone() {
    Caller none = Caller.account("nobody", Role.OPERATOR, false, Set.of());
    assertTrue(none.scoped());
    assertFalse(none.canRead("any.test."));
    assertFalse(none.canCreateOrDeleteZones());
    java.util.Map<String, Object> params = new java.util.HashMap<>();
    assertEquals(java.util.Optional.of("z.name IS NULL"), none.scopeFilter("z.name", params));
    assertEquals(java.util.Optional.empty(), operator.scopeFilter("z.name", params));
    assertEquals(java.util.Optional.of("z.name IN :scope"), granted.scopeFilter("z.name", params));
    assertEquals(
        Set.of("b.test.", "example.test."), Set.copyOf((java.util.List<?>) params.get("scope")));
  }

  @Test
  void anAdminReachesEveryZoneWhateverItsGrantsSay() {
    Caller a = Caller.account("root", Role.ADMIN, false, Set.of("a.test"));
    assertFalse(a.scoped());
    assertTrue(a.canRead("b.test"));
  }

  @Test
  void aTokenReachesOnlyWhatItsOwnerReachesNow() {
    // the owner lost example.test.: the token naming it reaches nothing, not everything
    Caller movedOwner = Caller.account("op2", Role.OPERATOR, false, Set.of("other.test"));
    Caller stale = Caller.token(7, "certbot", Role.OPERATOR, Set.of("example.test."), movedOwner);
    assertFalse(stale.canRead("example.test."));
    assertFalse(stale.canRead("other.test."));
    assertTrue(stale.scoped());
    // a token naming no zones reaches what its owner reaches, no more
    Caller inherits = Caller.token(8, "all", Role.OPERATOR, Set.of(), movedOwner);
    assertTrue(inherits.canRead("other.test"));
    assertFalse(inherits.canRead("example.test"));
    // and acts with the lower of the two roles
    Caller demoted = Caller.account("op2", Role.VIEWER, true, Set.of());
    assertFalse(Caller.token(9, "w", Role.OPERATOR, Set.of(), demoted).has(Role.OPERATOR));
    assertTrue(Caller.token(9, "w", Role.OPERATOR, Set.of(), demoted).canRead("any.test"));
  }

  @Test
  void tokensAreNamedAsSuchInTheAuditLog() {
    assertEquals("token:certbot", token.actor());
    assertEquals("op", operator.actor());
    assertTrue(token.isToken());
  }

  @Test
  void aTsigKeyIsAnOperatorOfTheOneZoneItUpdatesNamedAsSuchInTheAuditLog() {
    Caller key = Caller.tsigKey("acme.example.", ZoneName.of("example.test."));
    assertEquals("tsig:acme.example.", key.actor());
    assertTrue(key.canEdit("Example.Test."));
    assertFalse(key.canRead("other.test."));
    assertFalse(key.canCreateOrDeleteZones());
    assertFalse(key.isToken() || key.isSingleSignOn());
  }

  @Test
  void rolesParseFromTheirNames() {
    assertEquals(Role.OPERATOR, Role.of(" Operator "));
    assertThrows(IllegalArgumentException.class, () -> Role.of("root"));
    assertThrows(IllegalArgumentException.class, () -> Role.of(null));
  }

  @Test
  void aServiceRefusesACallerBelowTheRoleItNeedsNamingBoth() {
    admin.require(Role.ADMIN, "manage accounts");
    token.require(Role.OPERATOR, "edit");
    AccessDeniedException e =
        assertThrows(AccessDeniedException.class, () -> operator.require(Role.ADMIN, "read it"));
    assertEquals("your role operator may not read it; that needs admin", e.getMessage());
    assertThrows(AccessDeniedException.class, () -> viewer.require(Role.OPERATOR, "edit"));
  }

  @Test
  void aSingleSignOnCallerIsNamedApartFromAccountsAndReachesEveryZoneOfItsRole() {
    Caller sso = Caller.singleSignOn("olivia@example.test", Role.OPERATOR);
    assertEquals("oidc:olivia@example.test", sso.actor());
    assertTrue(sso.isSingleSignOn());
    assertFalse(sso.isToken());
    assertTrue(sso.canCreateOrDeleteZones());
    assertFalse(operator.isSingleSignOn(), "an account is not a single-sign-on caller");
    assertFalse(Caller.token(1, "oidc:x", Role.VIEWER, Set.of(), viewer).isSingleSignOn());
    assertEquals(120, Caller.singleSignOn("x".repeat(300), Role.VIEWER).actor().length());
    assertThrows(IllegalArgumentException.class, () -> Caller.singleSignOn(" ", Role.VIEWER));
  }
}
