package dev.felu.push;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;

/** The health checks of one nameserver: when one is due, and what they found. */
final class HealthTracker {
  private final FlapFilter filter = new FlapFilter();

  /** Set by the 5-second timer; the next sync of the link is then also a health check. */
  final AtomicBoolean due = new AtomicBoolean();

  volatile String dnsHost;
  volatile int dnsPort;
  private volatile NameserverHealth health = NameserverHealth.UNKNOWN;

  /** Records a check's outcome: null when all was well, else the problem found. */
  void record(String problem, String dnsProbe) {
    FlapFilter.Health state = filter.record(problem == null);
    NameserverHealth last = health;
    health =
        new NameserverHealth(
            state.name(),
            OffsetDateTime.now(ZoneOffset.UTC),
            problem == null ? "ok" : problem,
            dnsProbe == null ? last.dnsProbe() : dnsProbe);
  }

  NameserverHealth health() {
    return health;
  }
}
