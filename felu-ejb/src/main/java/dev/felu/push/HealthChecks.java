package dev.felu.push;

import dev.felu.model.nameserver.Nameserver;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.xbill.DNS.Name;

/**
 * The health checks of the enabled nameservers (ARCHITECTURE.md#flow-health-repair): every 5 s a
 * check of each is due, and its next sync is then also a check. Its outcome, plus for an in-sync
 * nameserver a DNS-level probe ({@link DnsProbe}), feeds that nameserver's flap-filtered health
 * ({@link HealthTracker}).
 */
final class HealthChecks {
  /** Zones whose SOA serial one health check asks each nameserver about. */
  static final int PROBED_ZONES = 10;

  private final Map<String, HealthTracker> trackers = new ConcurrentHashMap<>();
  private final LongSupplier headRevision;
  private final IntFunction<Map<Name, Long>> serials;

  /**
   * @param headRevision the head revision, read afresh each time
   * @param serials the SOA serials the database holds for up to that many zones
   */
  HealthChecks(LongSupplier headRevision, IntFunction<Map<Name, Long>> serials) {
    this.headRevision = headRevision;
    this.serials = serials;
  }

  /** Tracks the health of these nameservers, at their DNS addresses, and of no others. */
  void track(List<Nameserver> enabled) {
    Set<String> names = new HashSet<>();
    for (Nameserver ns : enabled) {
      names.add(ns.getName());
      HealthTracker tracker = trackers.computeIfAbsent(ns.getName(), n -> new HealthTracker());
      tracker.dnsHost = ns.getDnsHost();
      tracker.dnsPort = ns.getDnsPort();
    }
    trackers.keySet().retainAll(names);
  }

  /** A check of every nameserver is due: its next sync is also a check. */
  void allDue() {
    trackers.values().forEach(t -> t.due.set(true));
  }

  /** The tracker of a nameserver whose check is due, taking that due check; null when none is. */
  HealthTracker takeDue(String nameserver) {
    HealthTracker tracker = trackers.get(nameserver);
    return tracker != null && tracker.due.getAndSet(false) ? tracker : null;
  }

  /**
   * Records a check: the problem its sync met (null when none) and, when the link is in sync, what
   * a DNS probe of the nameserver finds.
   */
  void record(NameserverLink link, HealthTracker tracker, String problem) {
    String probe = null;
    if (problem == null && link.status().inSync()) {
      link.step("probing DNS at " + tracker.dnsHost + " port " + tracker.dnsPort);
      DnsProbe.Result r = probeDns(link, tracker);
      if (r != null) {
        probe = r.summary();
        problem = r.ok() ? null : "DNS probe: " + r.summary();
      }
    }
    tracker.record(problem, probe);
  }

  /**
   * Asks the nameserver over UDP for the SOA of a few zones and compares their serials with the
   * database — at one head revision: when a change commits meanwhile, the round does not count.
   */
  private DnsProbe.Result probeDns(NameserverLink link, HealthTracker tracker) {
    long head = headRevision.getAsLong();
    if (link.status().revision() != head || tracker.dnsHost == null) {
      return null;
    }
    Map<Name, Long> expected = serials.apply(PROBED_ZONES);
    DnsProbe.Result r = DnsProbe.probe(tracker.dnsHost, tracker.dnsPort, expected);
    return headRevision.getAsLong() == head ? r : null;
  }

  /** One nameserver's health as the checks see it. */
  NameserverHealth health(String nameserver) {
    HealthTracker t = trackers.get(nameserver);
    return t == null ? NameserverHealth.UNKNOWN : t.health();
  }
}
