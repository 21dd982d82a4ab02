package dev.felu.ns.web;

import dev.felu.ns.api.NameserverControl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once a configuration is applied and DNS is being answered
 * (ARCHITECTURE.md#flow-new-nameserver).
 */
@Readiness
@ApplicationScoped
public class ConfigAppliedCheck implements HealthCheck {
  @Inject NameserverControl nameserver;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("dns-serving")
        .status(nameserver.isServing())
        .withData("config", nameserver.describeConfig())
        .build();
  }
}
