package dev.felu.startup;

import dev.felu.account.LoginThrottle;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * The last start-up bean: the container initialises every bean it depends on first, and theirs (the
 * first admin, the UPDATE endpoint after the head row, the fleet driver, all after the schema
 * migration), then this one marks {@link StartupState} started. Every {@code @Startup} bean of
 * felu-ejb must be reached from here through {@code @DependsOn} ({@code StartupCompleteTest} checks
 * it). Only beans that no other start-up bean depends on are named: Payara's ordering takes a bean
 * named here that another one named here also depends on (a non-leaf one, such as {@code
 * ConfigBootstrap} beside {@code UpdateEndpoint}) for a cycle and fails the deployment. It also
 * sets up the login throttle, so that where login failures are counted (data grid or memory) is
 * logged at start, not at the first login.
 */
@Singleton
@Startup
@DependsOn({"AdminBootstrap", "UpdateEndpoint", "PushCoordinator", "ClusterSignals"})
public class StartupComplete {
  private static final Logger LOG = Logger.getLogger(StartupComplete.class.getName());

  @Inject StartupState state;
  @Inject LoginThrottle throttle;

  @PostConstruct
  void markStarted() {
    Instant now = Instant.now();
    Duration up =
        Duration.ofMillis(
            Math.max(0, now.toEpochMilli() - ManagementFactory.getRuntimeMXBean().getStartTime()));
    state.started(new StartupState.Started(now, up, throttle.store()));
    LOG.info("felu management started (" + up.toSeconds() + " s after the JVM)");
  }
}
