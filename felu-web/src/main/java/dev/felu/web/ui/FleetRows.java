package dev.felu.web.ui;

import dev.felu.config.ConfigHeadView;
import dev.felu.config.ConfigRevisions;
import dev.felu.nameserver.NameserverService;
import dev.felu.push.PushCoordinator;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fleet's rows for one request, read from the same services as {@code GET /api/v1/nameservers}:
 * the registry ({@link NameserverService}), each link's status and health ({@link PushCoordinator})
 * and the head ({@link ConfigRevisions}). Shared by the dashboard and the nameservers page.
 */
@RequestScoped
public class FleetRows {
  private static final Logger LOG = Logger.getLogger(FleetRows.class.getName());

  @Inject NameserverService nameservers;
  @Inject PushCoordinator push;
  @Inject ConfigRevisions revisions;

  private ConfigHeadView head;
  private List<FleetRow> rows;
  private String problem;

  public ConfigHeadView getHead() {
    if (head == null) {
      head = revisions.head();
    }
    return head;
  }

  /**
   * The fleet's rows; none when the registry cannot be read now (its reads have a deadline, see
   * {@link #getProblem()}), so the page that shows them still renders, with the driver's banner.
   */
  public List<FleetRow> getRows() {
    if (rows == null) {
      try {
        rows = read();
      } catch (RuntimeException e) {
        problem = "the nameserver registry cannot be read now; try again shortly";
        LOG.log(Level.WARNING, "reading the fleet for a page failed", e);
        rows = List.of();
      }
    }
    return rows;
  }

  /** Why {@link #getRows()} is empty when it could not be read; null otherwise. */
  public String getProblem() {
    getRows();
    return problem;
  }

  private List<FleetRow> read() {
    ConfigHeadView h = getHead();
    return nameservers.list().stream()
        .map(
            ns ->
                FleetRow.of(
                    ns,
                    nameservers.keys(ns),
                    push.status(ns.getName()),
                    push.health(ns.getName()),
                    h,
                    push.resyncPending(ns.getName())))
        .toList();
  }

  /** Reads the fleet again (after a change made in this request). */
  public void reload() {
    head = null;
    rows = null;
    problem = null;
  }
}
