package dev.felu.web.api;

import dev.felu.model.nameserver.Nameserver;
import dev.felu.push.LinkStatus;

/** A nameserver and its link status. The link secret is never shown. */
public record NameserverView(
    String name,
    String configUrl,
    String dnsHost,
    int dnsPort,
    boolean enabled,
    LinkStatus status) {
  public static NameserverView of(Nameserver ns, LinkStatus status) {
    return new NameserverView(
        ns.getName(), ns.getConfigUrl(), ns.getDnsHost(), ns.getDnsPort(), ns.isEnabled(), status);
  }
}
