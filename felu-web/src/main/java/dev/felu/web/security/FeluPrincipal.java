package dev.felu.web.security;

import dev.felu.account.Caller;
import jakarta.security.enterprise.CallerPrincipal;

/** The container's principal for a felu caller, carrying its role and zone scope. */
public class FeluPrincipal extends CallerPrincipal {
  private static final long serialVersionUID = 1L;
  private final Caller caller;

  public FeluPrincipal(Caller caller) {
    super(caller.actor());
    this.caller = caller;
  }

  public Caller caller() {
    return caller;
  }
}
