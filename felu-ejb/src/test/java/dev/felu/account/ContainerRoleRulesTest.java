package dev.felu.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.felu.audit.AuditLog;
import dev.felu.model.account.Role;
import dev.felu.nameserver.NameserverService;
import dev.felu.push.PushCoordinator;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plain role rules the container enforces on EJB business methods, whatever way a call comes in
 * (a REST method, a page's button, a crafted post): changing the fleet (a forced resync too),
 * managing accounts and reading the audit log are for admins. The methods that the fleet driver,
 * start-up or the login itself call, where there is no caller yet, carry no rule (the container
 * would refuse them).
 */
class ContainerRoleRulesTest {
  @Test
  void fleetChangesAccountsAndTheAuditLogAreForAdmins() {
    for (Method m :
        List.of(
            method(NameserverService.class, "register"),
            method(NameserverService.class, "rotate"),
            method(NameserverService.class, "update"),
            method(NameserverService.class, "remove"),
            method(AccountService.class, "get"),
            method(AccountService.class, "list"),
            method(AccountService.class, "create"),
            method(AccountService.class, "update"),
            method(AccountService.class, "delete"),
            method(PushCoordinator.class, "resync"),
            method(AuditLog.class, "find"),
            method(AuditLog.class, "count"))) {
      RolesAllowed rule = m.getAnnotation(RolesAllowed.class);
      assertArrayEquals(new String[] {Role.ADMIN_NAME}, rule == null ? null : rule.value(), "" + m);
    }
  }

  @Test
  void whatRunsWithoutACallerCarriesNoRule() {
    for (Method m :
        List.of(
            method(NameserverService.class, "list"),
            method(NameserverService.class, "get"),
            method(NameserverService.class, "promote"),
            method(NameserverService.class, "credentials"),
            method(AccountService.class, "check"),
            method(AccountService.class, "current"),
            method(AccountService.class, "find"),
            method(AccountService.class, "count"),
            method(AccountService.class, "createFirstAdmin"),
            method(PushCoordinator.class, "status"),
            method(PushCoordinator.class, "health"),
            method(AuditLog.class, "record"))) {
      assertNull(m.getAnnotation(RolesAllowed.class), "" + m);
      assertNull(m.getDeclaringClass().getAnnotation(RolesAllowed.class), "" + m);
    }
  }

  private static Method method(Class<?> type, String name) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> m.getName().equals(name) && !m.isSynthetic())
        .findFirst()
        .orElseThrow(() -> new AssertionError(type.getSimpleName() + "#" + name + " is gone"));
  }
}
