package dev.felu.web.health;

import dev.felu.startup.StartupState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * This instance has finished starting — schema migrated, every start-up bean run ({@code
 * dev.felu.startup.StartupComplete}) — on {@code /health/ready} (and, as {@link StartedCheck}, on
 * {@code /health/started}: Payara gives a check bean one kind only): DOWN with {@code "starting"}
 * until then, so that a load balancer sends a starting instance no traffic. Once UP it stays UP;
 * with {@link DatabaseCheck} beside it, readiness is also DOWN until the database first answers and
 * whenever it does not. Its data say when the start ended and where login failures are counted (the
 * data grid shared by every instance, or this instance's memory). Reads memory only, never waits
 * for the container.
 */
@Readiness
@ApplicationScoped
public class StartupCheck implements HealthCheck {
  @Inject StartupState state;

  @Override
  public HealthCheckResponse call() {
    return of(state);
  }

  /** The check's answer for {@code state}. */
  static HealthCheckResponse of(StartupState state) {
    Optional<StartupState.Started> started = state.started();
    if (started.isEmpty()) {
      return HealthCheckResponse.named("startup").down().withData("phase", "starting").build();
    }
    StartupState.Started s = started.get();
    return HealthCheckResponse.named("startup")
        .up()
        .withData("phase", "started")
        .withData("startedAt", s.at().toString())
        .withData("secondsAfterJvmStart", s.sinceJvmStart().toSeconds())
        .withData("loginThrottling", s.limits())
        .build();
  }
}
