package dev.felu.web.ui;

import dev.felu.config.ConfigHeadView;
import dev.felu.model.nameserver.Nameserver;
import dev.felu.model.nameserver.NameserverKey;
import dev.felu.push.LinkStatus;
import dev.felu.push.NameserverHealth;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One nameserver as the dashboard and the nameservers page show it: registration, link status,
 * health and link keys (ids and states, never key material).
 *
 * @param state health UP/DOWN/UNKNOWN, or DISABLED for a disabled nameserver
 * @param hash the first 12 hex digits of the hash it holds, empty when unknown
 * @param lag revisions behind the head, null while it holds none
 * @param resyncPending a forced full resync waits to be sent (until the link connects)
 */
public record FleetRow(
    String name,
    String configUrl,
    String dnsHost,
    int dnsPort,
    boolean enabled,
    String state,
    boolean connected,
    long revision,
    String hash,
    Long lag,
    boolean inSync,
    OffsetDateTime lastContact,
    String lastError,
    OffsetDateTime lastCheck,
    String lastResult,
    String dnsProbe,
    List<Key> keys,
    boolean resyncPending)
    implements java.io.Serializable {

  /** A link key's id and state. */
  public record Key(String keyId, NameserverKey.State state, LocalDateTime created)
      implements java.io.Serializable {}

  static FleetRow of(
      Nameserver ns,
      List<NameserverKey> keys,
      LinkStatus s,
      NameserverHealth h,
      ConfigHeadView head,
      boolean resyncPending) {
    String hash = s.hash() == null ? "" : s.hash().substring(0, Math.min(12, s.hash().length()));
    return new FleetRow(
        ns.getName(),
        ns.getConfigUrl(),
        ns.getDnsHost(),
        ns.getDnsPort(),
        ns.isEnabled(),
        ns.isEnabled() ? h.state() : "DISABLED",
        s.connected(),
        s.revision(),
        hash,
        s.revision() < 0 ? null : Math.max(0, head.revision() - s.revision()),
        s.inSync(),
        s.lastContact(),
        s.lastError(),
        h.lastCheck(),
        h.lastResult(),
        h.dnsProbe(),
        keys.stream().map(k -> new Key(k.getKeyId(), k.getState(), k.getCreated())).toList(),
        resyncPending);
  }

  /** The DNS address as {@code host:port} ({@code [v6]:port} for IPv6). */
  public String dnsAddress() {
    return (dnsHost.contains(":") ? "[" + dnsHost + "]" : dnsHost) + ":" + dnsPort;
  }
}
