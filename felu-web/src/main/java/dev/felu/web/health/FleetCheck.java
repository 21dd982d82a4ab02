package dev.felu.web.health;

import dev.felu.push.LinkStatus;
import dev.felu.push.PushCoordinator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The fleet as the management server sees it, on {@code /health/live}: always UP, because
 * nameservers being away is what this server exists to repair, not a reason to restart it. The
 * counts are for people and dashboards; per-nameserver detail is in {@code /metrics} and {@code GET
 * /api/v1/nameservers}. Reads memory only, never the database.
 */
@Liveness
@ApplicationScoped
public class FleetCheck implements HealthCheck {
  @Inject PushCoordinator coordinator;

  @Override
  public HealthCheckResponse call() {
    Collection<LinkStatus> links = coordinator.statuses().values();
    return HealthCheckResponse.named("fleet")
        .up()
        .withData("nameservers", links.size())
        .withData("connected", links.stream().filter(LinkStatus::connected).count())
        .withData("inSync", links.stream().filter(LinkStatus::inSync).count())
        .build();
  }
}
