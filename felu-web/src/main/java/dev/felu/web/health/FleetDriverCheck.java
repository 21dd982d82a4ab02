package dev.felu.web.health;

import dev.felu.push.FleetStall;
import dev.felu.push.PushCoordinator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The fleet driver on {@code /health/ready}: DOWN while its check rounds have stalled ("fleet
 * checks stalled since …", with what is stuck where). A management server that cannot drive its
 * fleet should be taken out of rotation and looked at; it also recovers by itself (see {@link
 * PushCoordinator}), and the check turns UP again once a round completes. Nameservers that are
 * merely down do not make it DOWN: they are what it repairs. Reads memory only.
 */
@Readiness
@ApplicationScoped
public class FleetDriverCheck implements HealthCheck {
  @Inject PushCoordinator coordinator;

  @Override
  public HealthCheckResponse call() {
    Optional<FleetStall> stall = coordinator.stall();
    HealthCheckResponseBuilder r =
        HealthCheckResponse.named("fleet-driver")
            .withData("secondsSinceLastRound", Math.round(coordinator.secondsSinceLastRound()))
            .withData("stalls", coordinator.stallsTotal())
            .withData("linksReplaced", coordinator.linksReplacedTotal());
    return stall.isPresent()
        ? r.down().withData("stalled", stall.get().message()).build()
        : r.up().build();
  }
}
