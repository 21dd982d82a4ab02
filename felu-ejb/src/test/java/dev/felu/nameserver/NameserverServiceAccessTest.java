package dev.felu.nameserver;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.account.Caller;
import dev.felu.audit.AuditLog;
import dev.felu.model.account.Role;
import dev.felu.model.zone.InvalidRecordException;
import dev.felu.problem.AccessDeniedException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Fleet changes are refused below admin by the service itself, before it touches anything (no
 * database here: a refused call never reaches it), whatever way the call came in (the admin UI's
 * buttons, not only the REST layer's {@code @RolesAllowed}).
 */
class NameserverServiceAccessTest {
  private static final NameserverSpec BAD_NAME =
      new NameserverSpec("Not A Name", "ws://127.0.0.1:9/ns/config", "127.0.0.1", 53, null);

  private static NameserverService as(Caller caller) {
    NameserverService s = new NameserverService();
    s.audit =
        new AuditLog() {
          @Override
          public Optional<Caller> caller() {
            return Optional.ofNullable(caller);
          }
        };
    return s;
  }

  @Test
  void viewersAndOperatorsMayNotRegisterChangeRotateOrRemove() {
    for (Role role : new Role[] {Role.VIEWER, Role.OPERATOR}) {
      NameserverService s = as(Caller.account("someone", role, true, Set.of()));
      for (Executable call :
          new Executable[] {
            () -> s.register(BAD_NAME),
            () -> s.update("ns1", new NameserverSpec(null, null, null, null, false)),
            () -> s.rotate("ns1"),
            () -> s.remove("ns1")
          }) {
        AccessDeniedException e = assertThrows(AccessDeniedException.class, call);
        assertTrue(
            e.getMessage().startsWith("your role " + role.id() + " may not"), e.getMessage());
      }
    }
  }

  @Test
  void adminsAndTheSystemPassTheCheck() {
    // the next check (the name) answers: the role check let them through
    assertThrows(
        InvalidRecordException.class,
        () -> as(Caller.account("root", Role.ADMIN, true, Set.of())).register(BAD_NAME));
    assertThrows(InvalidRecordException.class, () -> as(null).register(BAD_NAME));
  }
}
