package dev.felu.account;

import dev.felu.model.account.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who is calling right now, and from which address: the one place every service asks before it
 * reads or changes something on a caller's behalf. The web layer {@link #enter enters} the
 * authenticated {@link Caller} at the start of each HTTP request; outside a request (EJB timers,
 * start-up, the fleet driver's threads) there is no caller and the work runs as the system, so
 * every check here passes then.
 *
 * <p>Plain role rules ("admins only") are also the container's: {@code @RolesAllowed} on the EJB
 * business method. What the container cannot know (a zone scope, the rules of a token) is checked
 * here, through the {@link Caller}. The audit log only reads the actor's name and address from
 * here.
 *
 * <p>See ARCHITECTURE.md#flow-login.
 */
@ApplicationScoped
public class CallerContext {
  @Inject Request request;

  /** Called by the web layer once per request, after authentication; {@code caller} may be null. */
  public void enter(Caller caller, String address) {
    request.set(caller, address);
  }

  /** The caller of the current request; empty outside a request or before authentication. */
  public Optional<Caller> current() {
    try {
      return Optional.ofNullable(request.caller());
    } catch (ContextNotActiveException e) {
      return Optional.empty();
    }
  }

  /** The client address of the current request, or null outside a request. */
  public String address() {
    try {
      return request.address();
    } catch (ContextNotActiveException e) {
      return null;
    }
  }

  /** {@link Caller#require}, when there is a caller. */
  public void require(Role needed, String what) {
    current().ifPresent(c -> c.require(needed, what));
  }

  /** {@link Caller#requireRead}, when there is a caller. */
  public void requireRead(String zone) {
    current().ifPresent(c -> c.requireRead(zone));
  }

  /** {@link Caller#requireEdit}, when there is a caller. */
  public void requireEdit(String zone) {
    current().ifPresent(c -> c.requireEdit(zone));
  }

  /** {@link Caller#requireCreateOrDelete}, when there is a caller. */
  public void requireCreateOrDelete() {
    current().ifPresent(Caller::requireCreateOrDelete);
  }

  /** Whether the current caller (or the system, outside a request) may read the zone. */
  public boolean canRead(String zone) {
    return current().map(c -> c.canRead(zone)).orElse(true);
  }

  /**
   * The items of a list read whole that the current caller may see: all of them for the system and
   * for callers with every zone.
   *
   * @param zone the zone name of an item
   */
  public <T> List<T> visible(List<T> all, Function<T, String> zone) {
    Optional<Caller> caller = current();
    if (caller.isEmpty() || !caller.get().scoped()) {
      return all;
    }
    return all.stream().filter(t -> caller.get().canRead(zone.apply(t))).toList();
  }

  /** {@link Caller#scopeFilter} of the current caller; empty for the system. */
  public Optional<String> scopeFilter(String zoneName, Map<String, Object> params) {
    return current().flatMap(c -> c.scopeFilter(zoneName, params));
  }

  /**
   * The request's half of the context, one per HTTP request. Reached only through methods: a field
   * read on the CDI proxy would not reach the request's instance.
   */
  @RequestScoped
  public static class Request {
    private Caller caller;
    private String address;

    public void set(Caller caller, String address) {
      this.caller = caller;
      this.address = address;
    }

    public Caller caller() {
      return caller;
    }

    public String address() {
      return address;
    }
  }
}
