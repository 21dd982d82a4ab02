package dev.felu.web.health;

import dev.felu.startup.StartupState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * {@link StartupCheck} on {@code /health/started}, MicroProfile Health's start-up probe (for an
 * orchestrator that holds liveness probes back until a start has finished). A bean of its own:
 * Payara registers a check bean under one kind only, even when it carries two.
 */
@Startup
@ApplicationScoped
public class StartedCheck implements HealthCheck {
  @Inject StartupState state;

  @Override
  public HealthCheckResponse call() {
    return StartupCheck.of(state);
  }
}
