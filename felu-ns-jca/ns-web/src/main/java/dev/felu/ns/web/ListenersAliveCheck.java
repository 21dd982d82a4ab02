package dev.felu.ns.web;

import dev.felu.ns.api.NameserverControl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive unless a DNS listener loop has ended while it should run: then only a restart helps.
 * Waiting for config is not a failure (readiness says so), so a fresh nameserver is alive.
 */
@Liveness
@ApplicationScoped
public class ListenersAliveCheck implements HealthCheck {
  @Inject NameserverControl nameserver;

  @Override
  public HealthCheckResponse call() {
    Optional<String> failure = nameserver.failure();
    return HealthCheckResponse.named("dns-listeners")
        .status(failure.isEmpty())
        .withData("serving", nameserver.isServing())
        .withData("failure", failure.orElse("none"))
        .build();
  }
}
