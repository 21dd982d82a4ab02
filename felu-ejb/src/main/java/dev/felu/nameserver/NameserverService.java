package dev.felu.nameserver;

import dev.felu.audit.AuditLog;
import dev.felu.model.nameserver.Nameserver;
import dev.felu.model.zone.InvalidRecordException;
import dev.felu.problem.ConflictException;
import dev.felu.problem.NotFoundException;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;

/** Registers, changes and removes nameservers. */
@Stateless
public class NameserverService {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  @PersistenceContext EntityManager em;
  @Inject Event<NameserversChanged> changed;
  @Inject AuditLog audit;

  public List<Nameserver> list() {
    return em.createNamedQuery(Nameserver.ALL, Nameserver.class).getResultList();
  }

  public Nameserver get(String name) {
    return em.createNamedQuery(Nameserver.BY_NAME, Nameserver.class)
        .setParameter("name", name)
        .getResultStream()
        .findFirst()
        .orElseThrow(() -> new NotFoundException("nameserver " + name + " is not registered"));
  }

  public Nameserver register(NameserverSpec spec) {
    if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
      throw new InvalidRecordException(
          "name",
          "a nameserver name is 1-63 lower-case letters, digits or '-', got '" + spec.name() + "'");
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
            dnsPort(spec.dnsPort()),
            spec.secret());
    if (spec.enabled() != null) {
      ns.setEnabled(spec.enabled());
    }
    em.persist(ns);
    audit.record(AuditLog.NAMESERVER, "create", null, ns.getName(), null, audited(ns, false));
    changed.fire(new NameserversChanged(ns.getName()));
    return ns;
  }

  /**
   * Changes what the spec sets (addresses, enabled, secret); the name is fixed at registration. A
   * new config URL or secret makes the link reconnect.
   */
  public Nameserver update(String name, NameserverSpec spec) {
    Nameserver ns = get(name);
    String before = audited(ns, false);
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
    if (spec.secret() != null) {
      ns.setSecret(spec.secret());
    }
    audit.record(
        AuditLog.NAMESERVER, "update", null, name, before, audited(ns, spec.secret() != null));
    changed.fire(new NameserversChanged(name));
    return ns;
  }

  public void remove(String name) {
    Nameserver ns = get(name);
    audit.record(AuditLog.NAMESERVER, "delete", null, name, audited(ns, false), null);
    em.remove(ns);
    changed.fire(new NameserversChanged(name));
  }

  /** The audit form of a nameserver: never its secret. */
  private static String audited(Nameserver ns, boolean secretChanged) {
    return ns.getName()
        + " "
        + ns.getConfigUrl()
        + " dns="
        + ns.getDnsHost()
        + ":"
        + ns.getDnsPort()
        + " enabled="
        + ns.isEnabled()
        + (secretChanged ? " (secret changed)" : "");
  }

  private static String configUrl(String url) {
    try {
      URI uri = new URI(url == null ? "" : url.trim());
      if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new InvalidRecordException(
            "configUrl",
            "config URL must be ws://host:port/ns/config or wss://…, got '" + url + "'");
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      throw new InvalidRecordException(
          "configUrl", "invalid config URL '" + url + "': " + e.getMessage());
    }
  }

  private static String dnsHost(String host) {
    if (host == null || host.isBlank()) {
      throw new InvalidRecordException("dnsHost", "DNS address is required");
    }
    return host.trim();
  }

  private static int dnsPort(Integer port) {
    int p = port == null ? 53 : port;
    if (p < 1 || p > 65535) {
      throw new InvalidRecordException("dnsPort", "DNS port must be 1..65535, got " + p);
    }
    return p;
  }
}
