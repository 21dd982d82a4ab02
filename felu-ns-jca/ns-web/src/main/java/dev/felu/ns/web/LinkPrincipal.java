package dev.felu.ns.web;

import java.security.Principal;

/**
 * The management instance behind an authenticated config handshake: the link key it signed with and
 * its leadership epoch. Set by {@link LinkAuthenticationFilter}, read by {@link ConfigEndpoint}
 * from the WebSocket session.
 */
record LinkPrincipal(String keyId, long epoch) implements Principal {
  @Override
  public String getName() {
    return "link key " + keyId;
  }
}
