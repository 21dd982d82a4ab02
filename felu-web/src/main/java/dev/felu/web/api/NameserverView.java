package dev.felu.web.api;

import dev.felu.model.nameserver.Nameserver;
import dev.felu.push.LinkStatus;
import dev.felu.push.NameserverHealth;

/** A nameserver, its link status and its health. The link secret is never shown. */
public record NameserverView(
    String name,
    String configUrl,
    String dnsHost,
    int dnsPort,
    boolean enabled,
    LinkStatus status,
    NameserverHealth health) {
  public static NameserverView of(Nameserver ns, LinkStatus status, NameserverHealth health) {
    return new NameserverView(
        ns.getName(),
        ns.getConfigUrl(),
        ns.getDnsHost(),
        ns.getDnsPort(),
        ns.isEnabled(),
        status,
        health);
  }
}
