package dev.felu.audit;

import dev.felu.account.Caller;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * Who sends the current request and from which address. The web layer fills it in for every HTTP
 * request once the caller is authenticated; services read it for zone-scope checks and the audit
 * log. Outside a request (timers, start-up) there is none and the work runs as the system.
 */
@RequestScoped
public class RequestOrigin {
  private Caller caller;
  private String address;

  public void set(Caller caller, String address) {
    this.caller = caller;
    this.address = address;
  }

  public Optional<Caller> caller() {
    return Optional.ofNullable(caller);
  }

  public String address() {
    return address;
  }
}
