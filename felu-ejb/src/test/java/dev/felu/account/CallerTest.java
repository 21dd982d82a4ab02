package dev.felu.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.model.account.Role;
import dev.felu.problem.AccessDeniedException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {
  final Caller admin = Caller.account("root", Role.ADMIN, Set.of());
  final Caller operator = Caller.account("op", Role.OPERATOR, Set.of());
  final Caller granted = Caller.account("op2", Role.OPERATOR, Set.of("Example.TEST"));
  final Caller viewer = Caller.account("eve", Role.VIEWER, Set.of());
  final Caller token = Caller.token(7, "certbot", Role.OPERATOR, Set.of("example.test."));

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
  void tokensAreNamedAsSuchInTheAuditLog() {
    assertEquals("token:certbot", token.actor());
    assertEquals("op", operator.actor());
    assertTrue(token.isToken());
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
    assertFalse(Caller.token(1, "oidc:x", Role.VIEWER, Set.of()).isSingleSignOn());
    assertEquals(120, Caller.singleSignOn("x".repeat(300), Role.VIEWER).actor().length());
    assertThrows(IllegalArgumentException.class, () -> Caller.singleSignOn(" ", Role.VIEWER));
  }
}
