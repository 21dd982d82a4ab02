package dev.felu.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.felu.account.Caller;
import dev.felu.audit.AuditLog;
import dev.felu.model.account.Role;
import dev.felu.model.nameserver.Nameserver;
import dev.felu.nameserver.NameserverService;
import dev.felu.problem.AccessDeniedException;
import dev.felu.problem.NotFoundException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A forced resync is refused below admin by the coordinator itself, before anything happens. */
class ResyncAccessTest {
  private static PushCoordinator as(Caller caller) {
    PushCoordinator p = new PushCoordinator();
    p.audit =
        new AuditLog() {
          @Override
          public Optional<Caller> caller() {
            return Optional.of(caller);
          }
        };
    p.nameservers =
        new NameserverService() {
          @Override
          public Nameserver get(String name) {
            throw new NotFoundException("nameserver " + name + " is not registered");
          }
        };
    return p;
  }

  @Test
  void viewersAndOperatorsMayNotForceAResync() {
    for (Role role : new Role[] {Role.VIEWER, Role.OPERATOR}) {
      AccessDeniedException e =
          assertThrows(
              AccessDeniedException.class,
              () -> as(Caller.account("someone", role, true, Set.of())).resync("ns1"));
      assertEquals(
          "your role " + role.id() + " may not force a resync of nameservers; that needs admin",
          e.getMessage());
    }
  }

  @Test
  void anAdminGetsPastTheCheckToTheLookup() {
    assertThrows(
        NotFoundException.class,
        () -> as(Caller.account("root", Role.ADMIN, true, Set.of())).resync("nope"));
  }
}
