package dev.felu.web.health;

import dev.felu.config.ConfigHeadView;
import dev.felu.config.ConfigRevisions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the database answers: the head revision can be read. */
@Readiness
@ApplicationScoped
public class DatabaseCheck implements HealthCheck {
  @Inject ConfigRevisions revisions;

  @Override
  public HealthCheckResponse call() {
    try {
      ConfigHeadView head = revisions.head();
      return HealthCheckResponse.named("database")
          .up()
          .withData("revision", head.revision())
          .withData("hash", head.hash().hex())
          .build();
    } catch (RuntimeException e) {
      return HealthCheckResponse.named("database")
          .down()
          .withData("error", String.valueOf(e.getMessage()))
          .build();
    }
  }
}
