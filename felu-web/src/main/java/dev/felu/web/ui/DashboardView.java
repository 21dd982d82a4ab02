package dev.felu.web.ui;

import dev.felu.config.ChangeStatus;
import dev.felu.config.Propagation;
import dev.felu.push.FleetStall;
import dev.felu.push.PushCoordinator;
import dev.felu.zone.ZoneService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Backs {@code index.xhtml}: the fleet at a glance (health, what each nameserver holds, how far it
 * lags behind the head; the rows of {@link FleetRows}, as the nameservers page shows them), zone
 * and record counts, the newest changes with their propagation.
 */
@Named
@RequestScoped
public class DashboardView {
  @Inject ZoneService zones;
  @Inject Propagation propagation;
  @Inject FleetRows fleetRows;
  @Inject PushCoordinator coordinator;

  private static final Logger LOG = Logger.getLogger(DashboardView.class.getName());

  private List<ChangeStatus> changes;
  private String changesProblem;
  private long zoneCount;
  private long recordCount;

  @PostConstruct
  void load() {
    try {
      changes = propagation.recent(10);
    } catch (RuntimeException e) {
      // the page still shows the counts, the fleet and the driver's banner
      changesProblem = "the recent changes cannot be read now; try again shortly";
      LOG.log(Level.WARNING, "reading the recent changes for the dashboard failed", e);
      changes = List.of();
    }
    zoneCount = zones.count(null);
    recordCount = zones.recordCount();
  }

  public long getHeadRevision() {
    return fleetRows.getHead().revision();
  }

  public String getHeadHash() {
    return fleetRows.getHead().hash().shortHex();
  }

  /** The fleet driver's stall ("fleet checks stalled since …"), or null: the red banner. */
  public String getStall() {
    return coordinator.stall().map(FleetStall::message).orElse(null);
  }

  public List<FleetRow> getFleet() {
    return fleetRows.getRows();
  }

  public long getUp() {
    return getFleet().stream().filter(r -> "UP".equals(r.state())).count();
  }

  /** Why the fleet table is empty when the registry could not be read; null otherwise. */
  public String getFleetProblem() {
    return fleetRows.getProblem();
  }

  /** Why the changes table is empty when they could not be read; null otherwise. */
  public String getChangesProblem() {
    return changesProblem;
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
