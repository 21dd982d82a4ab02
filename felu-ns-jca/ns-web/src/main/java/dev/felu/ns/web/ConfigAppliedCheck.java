package dev.felu.ns.web;

import dev.felu.ns.api.NameserverControl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once a configuration is applied and DNS is being answered
 * (ARCHITECTURE.md#flow-new-nameserver). A newer configuration refused for lack of memory leaves it
 * ready — it answers from the revision it kept — with the refusal in the data ({@code refused}).
 */
@Readiness
@ApplicationScoped
public class ConfigAppliedCheck implements HealthCheck {
  @Inject NameserverControl nameserver;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("dns-serving")
            .status(nameserver.isServing())
            .withData("config", nameserver.describeConfig());
    nameserver.configRefusal().ifPresent(why -> response.withData("refused", why));
    return response.build();
  }
}
