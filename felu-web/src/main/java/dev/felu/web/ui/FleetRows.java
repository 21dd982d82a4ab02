package dev.felu.web.ui;

import dev.felu.config.ConfigHeadView;
import dev.felu.config.ConfigRevisions;
import dev.felu.nameserver.NameserverService;
import dev.felu.push.PushCoordinator;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The fleet's rows for one request, read from the same services as {@code GET /api/v1/nameservers}:
 * the registry ({@link NameserverService}), each link's status and health ({@link PushCoordinator})
 * and the head ({@link ConfigRevisions}). Shared by the dashboard and the nameservers page.
 */
@RequestScoped
public class FleetRows {
  @Inject NameserverService nameservers;
  @Inject PushCoordinator push;
  @Inject ConfigRevisions revisions;

  private ConfigHeadView head;
  private List<FleetRow> rows;

  public ConfigHeadView getHead() {
    if (head == null) {
      head = revisions.head();
    }
    return head;
  }

  public List<FleetRow> getRows() {
    if (rows == null) {
      ConfigHeadView h = getHead();
      rows =
          nameservers.list().stream()
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
    return rows;
  }

  /** Reads the fleet again (after a change made in this request). */
  public void reload() {
    head = null;
    rows = null;
  }
}
