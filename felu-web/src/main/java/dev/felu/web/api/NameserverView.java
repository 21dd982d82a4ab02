package dev.felu.web.api;

import dev.felu.model.nameserver.Nameserver;
import dev.felu.model.nameserver.NameserverKey;
import dev.felu.push.LinkStatus;
import dev.felu.push.NameserverHealth;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A nameserver, its link keys (ids and states, never material), its link status and health. {@code
 * bootstrapToken} appears only in the reply to a registration, the one time it is shown.
 */
public record NameserverView(
    String name,
    String configUrl,
    String dnsHost,
    int dnsPort,
    boolean enabled,
    List<KeyView> keys,
    LinkStatus status,
    NameserverHealth health,
    String bootstrapToken) {

  /**
   * A link key as the API shows it.
   *
   * @param created when it was issued (UTC)
   * @param changed when it was promoted or retired (UTC), null before
   */
  public record KeyView(
      String keyId, NameserverKey.State state, LocalDateTime created, LocalDateTime changed) {
    static KeyView of(NameserverKey k) {
      return new KeyView(k.getKeyId(), k.getState(), k.getCreated(), k.getChanged());
    }
  }

  public static NameserverView of(
      Nameserver ns,
      List<NameserverKey> keys,
      LinkStatus status,
      NameserverHealth health,
      String bootstrapToken) {
    return new NameserverView(
        ns.getName(),
        ns.getConfigUrl(),
        ns.getDnsHost(),
        ns.getDnsPort(),
        ns.isEnabled(),
        keys.stream().map(KeyView::of).toList(),
        status,
        health,
        bootstrapToken);
  }
}
