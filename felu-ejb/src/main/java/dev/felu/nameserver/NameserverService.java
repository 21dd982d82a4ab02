package dev.felu.nameserver;

import dev.felu.audit.AuditLog;
import dev.felu.config.QueryDeadline;
import dev.felu.input.InvalidInputException;
import dev.felu.link.BootstrapToken;
import dev.felu.link.KeySealer;
import dev.felu.link.LinkKey;
import dev.felu.model.account.Role;
import dev.felu.model.nameserver.Nameserver;
import dev.felu.model.nameserver.NameserverKey;
import dev.felu.model.zone.Excerpt;
import dev.felu.problem.ConflictException;
import dev.felu.problem.NotFoundException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Registers, changes and removes nameservers, and issues and rotates their link keys. A key's
 * material leaves the management server only once, inside the bootstrap token returned when it is
 * issued; at rest it is sealed under the master key ({@link LinkKeyVault}).
 *
 * <p>Changing the fleet is for admins, a plain role rule the container enforces ({@code
 * RolesAllowed}). {@link #promote} and the reads carry none: the fleet driver calls them from its
 * timers and threads, where there is no caller.
 */
@Stateless
public class NameserverService {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  @PersistenceContext EntityManager em;
  @Inject Event<NameserversChanged> changed;
  @Inject LinkKeyVault vault;

  private static final Logger LOG = Logger.getLogger(NameserverService.class.getName());
  @Inject AuditLog audit;

  public List<Nameserver> list() {
    return QueryDeadline.bounded(em.createNamedQuery(Nameserver.ALL, Nameserver.class))
        .getResultList();
  }

  public Nameserver get(String name) {
    return em.createNamedQuery(Nameserver.BY_NAME, Nameserver.class)
        .setParameter("name", name)
        .getResultStream()
        .findFirst()
        .orElseThrow(
            () -> new NotFoundException("nameserver " + Excerpt.of(name) + " is not registered"));
  }

  /** Registers a nameserver with its first (active) link key, returned once as a token. */
  @RolesAllowed(Role.ADMIN_NAME)
  public IssuedKey register(NameserverSpec spec) {
    if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
      throw new InvalidInputException(
          "name",
          "a nameserver name is 1-63 lower-case letters, digits or '-', got "
              + Excerpt.of(spec.name()));
    }
    if (!em.createNamedQuery(Nameserver.BY_NAME, Nameserver.class)
        .setParameter("name", spec.name())
        .getResultList()
        .isEmpty()) {
      throw new ConflictException("name", "nameserver " + spec.name() + " is already registered");
    }
    Nameserver ns =
        new Nameserver(
            spec.name(),
            configUrl(spec.configUrl()),
            dnsHost(spec.dnsHost()),
            dnsPort(spec.dnsPort()));
    if (spec.enabled() != null) {
      ns.setEnabled(spec.enabled());
    }
    KeySealer sealer = vault.sealer(); // before anything is stored: no master key, no nameserver
    em.persist(ns);
    IssuedKey issued = issue(ns, NameserverKey.State.ACTIVE, sealer);
    audit.record(AuditLog.NAMESERVER, "create", null, ns.getName(), null, audited(ns));
    changed.fire(new NameserversChanged(ns.getName()));
    return issued;
  }

  /**
   * Starts a rotation: issues a PENDING key, returned once as a token. The link tries it first at
   * every handshake and promotes it once the nameserver accepts it. A pending key issued earlier
   * and never accepted is retired in favour of the new one.
   */
  @RolesAllowed(Role.ADMIN_NAME)
  public IssuedKey rotate(String name) {
    Nameserver ns = get(name);
    KeySealer sealer = vault.sealer();
    for (NameserverKey k : keys(ns)) {
      if (k.getState() == NameserverKey.State.PENDING) {
        k.retire();
        LOG.info("link key " + k.getKeyId() + " of " + name + " retired unused by a new rotation");
      }
    }
    IssuedKey issued = issue(ns, NameserverKey.State.PENDING, sealer);
    LOG.info("link key " + issued.keyId() + " of " + name + " issued, pending");
    audit.record(
        AuditLog.NAMESERVER, "rotate-key", null, name, null, "pending key " + issued.keyId());
    changed.fire(new NameserversChanged(name));
    return issued;
  }

  /**
   * The nameserver accepted the pending key: it becomes ACTIVE, the previous active key RETIRED.
   * Does nothing if that key is no longer pending.
   */
  public void promote(String name, String keyId) {
    QueryDeadline.boundTransaction(em); // on the push path: never waits for a lock for long
    Nameserver ns = get(name);
    List<NameserverKey> all = keys(ns);
    if (all.stream()
        .noneMatch(
            k -> k.getKeyId().equals(keyId) && k.getState() == NameserverKey.State.PENDING)) {
      return;
    }
    for (NameserverKey k : all) {
      if (k.getKeyId().equals(keyId)) {
        k.activate();
      } else if (k.getState() != NameserverKey.State.RETIRED) {
        k.retire();
        LOG.info("link key " + k.getKeyId() + " of " + name + " retired");
      }
    }
    LOG.info(name + " accepted link key " + keyId + ": promoted to active");
  }

  /** Its link keys, oldest first, retired ones included. */
  public List<NameserverKey> keys(Nameserver ns) {
    return QueryDeadline.bounded(em.createNamedQuery(NameserverKey.OF, NameserverKey.class))
        .setParameter("nameserver", ns)
        .getResultList();
  }

  /**
   * The keys to sign its handshakes with, unsealed; without a usable master key, none, and the
   * reason. Never throws for that: it runs inside the push coordinator's transaction.
   */
  public LinkCredentials credentials(Nameserver ns) {
    Optional<KeySealer> sealer = vault.available();
    if (sealer.isEmpty()) {
      return LinkCredentials.unusable(ns.getName(), vault.problem());
    }
    LinkKey active = null;
    LinkKey pending = null;
    for (NameserverKey k : keys(ns)) {
      if (k.getState() == NameserverKey.State.RETIRED) {
        continue;
      }
      byte[] material;
      try {
        material =
            sealer
                .get()
                .open(k.getSealed(), NameserverKey.sealingContext(ns.getName(), k.getKeyId()));
      } catch (IllegalArgumentException e) {
        return LinkCredentials.unusable(
            ns.getName(), "link key " + k.getKeyId() + ": " + e.getMessage());
      }
      LinkKey key = new LinkKey(k.getKeyId(), material);
      if (k.getState() == NameserverKey.State.ACTIVE) {
        active = key;
      } else {
        pending = key;
      }
    }
    return new LinkCredentials(ns.getName(), active, pending);
  }

  private IssuedKey issue(Nameserver ns, NameserverKey.State state, KeySealer sealer) {
    LinkKey key = LinkKey.generate();
    byte[] sealed =
        sealer.seal(key.material(), NameserverKey.sealingContext(ns.getName(), key.id()));
    em.persist(new NameserverKey(ns, key.id(), state, sealed));
    return new IssuedKey(ns, key.id(), new BootstrapToken(ns.getName(), key).token());
  }

  /**
   * Changes what the spec sets (addresses, enabled); the name is fixed at registration and keys
   * change only by rotation. A new config URL makes the link reconnect.
   */
  @RolesAllowed(Role.ADMIN_NAME)
  public Nameserver update(String name, NameserverSpec spec) {
    Nameserver ns = get(name);
    String before = audited(ns);
    if (spec.configUrl() != null) {
      ns.setConfigUrl(configUrl(spec.configUrl()));
    }
    if (spec.dnsHost() != null) {
      ns.setDnsHost(dnsHost(spec.dnsHost()));
    }
    if (spec.dnsPort() != null) {
      ns.setDnsPort(dnsPort(spec.dnsPort()));
    }
    if (spec.enabled() != null) {
      ns.setEnabled(spec.enabled());
    }
    audit.record(AuditLog.NAMESERVER, "update", null, name, before, audited(ns));
    changed.fire(new NameserversChanged(name));
    return ns;
  }

  @RolesAllowed(Role.ADMIN_NAME)
  public void remove(String name) {
    Nameserver ns = get(name);
    keys(ns).forEach(em::remove);
    audit.record(AuditLog.NAMESERVER, "delete", null, name, audited(ns), null);
    em.remove(ns);
    changed.fire(new NameserversChanged(name));
  }

  /**
   * Fleet changes are for admins. The REST layer admits only them already; this check is for every
   * other way in (the admin UI's actions), so a page that hid a control is not the only guard.
   * Outside a request (start-up, timers) there is no caller and the system may.
   */
  /** The audit form of a nameserver: never key material. */
  private static String audited(Nameserver ns) {
    return ns.getName()
        + " "
        + ns.getConfigUrl()
        + " dns="
        + ns.getDnsHost()
        + ":"
        + ns.getDnsPort()
        + " enabled="
        + ns.isEnabled();
  }

  private static String configUrl(String url) {
    try {
      URI uri = new URI(url == null ? "" : url.trim());
      if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new InvalidInputException(
            "configUrl",
            "config URL must be ws://host:port/ns/config or wss://…, got " + Excerpt.of(url));
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      throw new InvalidInputException(
          "configUrl",
          "invalid config URL "
              + Excerpt.of(url)
              + ": "
              + e.getReason()
              + " at index "
              + e.getIndex());
    }
  }

  private static String dnsHost(String host) {
    if (host == null || host.isBlank()) {
      throw new InvalidInputException("dnsHost", "DNS address is required");
    }
    return host.trim();
  }

  private static int dnsPort(Integer port) {
    int p = port == null ? 53 : port;
    if (p < 1 || p > 65535) {
      throw new InvalidInputException("dnsPort", "DNS port must be 1..65535, got " + p);
    }
    return p;
  }
}
