package dev.felu.web.ui;

import dev.felu.config.ChangeStatus;
import dev.felu.config.ConfigHeadView;
import dev.felu.config.ConfigRevisions;
import dev.felu.config.Propagation;
import dev.felu.model.nameserver.Nameserver;
import dev.felu.nameserver.NameserverService;
import dev.felu.push.LinkStatus;
import dev.felu.push.NameserverHealth;
import dev.felu.push.PushCoordinator;
import dev.felu.zone.ZoneService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Backs {@code index.xhtml}: the fleet at a glance (health, what each nameserver holds, how far it
 * lags behind the head), zone and record counts, the newest changes with their propagation.
 */
@Named
@RequestScoped
public class DashboardView {
  @Inject ZoneService zones;
  @Inject Propagation propagation;
  @Inject ConfigRevisions revisions;
  @Inject NameserverService nameservers;
  @Inject PushCoordinator push;

  /**
   * One nameserver's row.
   *
   * @param lag revisions behind the head, null while it holds none
   */
  public record FleetRow(
      String name,
      boolean enabled,
      String state,
      boolean connected,
      long revision,
      String hash,
      Long lag,
      boolean inSync,
      OffsetDateTime lastContact,
      String lastError,
      String dnsProbe) {}

  private ConfigHeadView head;
  private List<FleetRow> fleet;
  private List<ChangeStatus> changes;
  private long zoneCount;
  private long recordCount;

  @PostConstruct
  void load() {
    head = revisions.head();
    fleet = nameservers.list().stream().map(this::row).toList();
    changes = propagation.recent(10);
    zoneCount = zones.count(null);
    recordCount = zones.recordCount();
  }

  private FleetRow row(Nameserver ns) {
    LinkStatus s = push.status(ns.getName());
    NameserverHealth h = push.health(ns.getName());
    String hash = s.hash() == null ? "" : s.hash().substring(0, Math.min(12, s.hash().length()));
    return new FleetRow(
        ns.getName(),
        ns.isEnabled(),
        ns.isEnabled() ? h.state() : "DISABLED",
        s.connected(),
        s.revision(),
        hash,
        s.revision() < 0 ? null : Math.max(0, head.revision() - s.revision()),
        s.inSync(),
        s.lastContact(),
        s.lastError(),
        h.dnsProbe());
  }

  public long getHeadRevision() {
    return head.revision();
  }

  public String getHeadHash() {
    return head.hash().shortHex();
  }

  public List<FleetRow> getFleet() {
    return fleet;
  }

  public long getUp() {
    return fleet.stream().filter(r -> "UP".equals(r.state())).count();
  }

  public List<ChangeStatus> getChanges() {
    return changes;
  }

  public long getZoneCount() {
    return zoneCount;
  }

  public long getRecordCount() {
    return recordCount;
  }
}
