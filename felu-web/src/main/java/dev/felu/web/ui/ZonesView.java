package dev.felu.web.ui;

import dev.felu.config.ChangeStatus;
import dev.felu.config.Propagation;
import dev.felu.nameserver.NameserverService;
import dev.felu.push.PushCoordinator;
import dev.felu.web.api.NameserverView;
import dev.felu.web.api.ZoneView;
import dev.felu.zone.ZoneService;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/**
 * Backs {@code zones.xhtml}: the fleet's health, the newest changes with their propagation, every
 * zone with its records; read-only for now.
 */
@Named
@ViewScoped
public class ZonesView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject transient ZoneService zones;
  @Inject transient Propagation propagation;
  @Inject transient NameserverService nameservers;
  @Inject transient PushCoordinator push;

  private List<ZoneView> all;
  private List<ChangeStatus> changes;
  private List<NameserverView> fleet;

  @PostConstruct
  void load() {
    all = zones.listWithRecords().stream().map(ZoneView::of).toList();
    changes = propagation.recent(10);
    fleet =
        nameservers.list().stream()
            .map(
                ns ->
                    NameserverView.of(
                        ns,
                        nameservers.keys(ns),
                        push.status(ns.getName()),
                        push.health(ns.getName()),
                        null))
            .toList();
  }

  /** The newest changes and which nameservers serve them. */
  public List<ChangeStatus> getChanges() {
    return changes;
  }

  /** Every registered nameserver with its link status and health. */
  public List<NameserverView> getNameservers() {
    return fleet;
  }

  public List<ZoneView> getZones() {
    return all;
  }
}
