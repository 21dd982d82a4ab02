package dev.felu.push;

import dev.felu.account.CallerContext;
import dev.felu.audit.AuditLog;
import dev.felu.cluster.ClusterSignals;
import dev.felu.cluster.DataGrid;
import dev.felu.cluster.FleetLeadership;
import dev.felu.cluster.LeadershipChanged;
import dev.felu.cluster.ResyncRelayed;
import dev.felu.config.ConfigChanged;
import dev.felu.config.ConfigRevisions;
import dev.felu.config.TransferReader;
import dev.felu.model.account.Role;
import dev.felu.model.nameserver.Nameserver;
import dev.felu.nameserver.NameserverProgressLog;
import dev.felu.nameserver.NameserverService;
import dev.felu.nameserver.NameserversChanged;
import dev.felu.problem.ConflictException;
import dev.felu.zone.ZoneSerials;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps every enabled nameserver at the head revision (ARCHITECTURE.md#flow-edit-served and
 * #flow-health-repair): the fleet driver's container façade, which wires the parts that do the work
 * to the container's timer, events and threads.
 *
 * <p>After each commit every nameserver is synced at once. Every 5 s each nameserver is checked:
 * connected? which revision and hash? Behind → one transfer (protocol v2) read from the database:
 * the combined delta of every zone changed since its revision when the revision log still covers
 * that revision with the same hash, a full snapshot otherwise (new, restarted, too far behind,
 * wrong hash, or a refused delta). Nothing about the fleet's progress lives in memory only, so
 * events that arrive late, out of order or coalesced, a restart of the management server, or a push
 * lost to a flaky link are all repaired by the next sync, never by luck.
 *
 * <p>The parts: {@link LinkRegistry} (one {@link NameserverLink} per enabled nameserver, reconciled
 * with the registry), {@link SyncScheduler} (the sync threads, one task per link, requests
 * coalesced), {@link SyncSteps} (one sync, step by step) and {@link HealthChecks} (due checks, the
 * DNS probe, health). The forced resync use case is here.
 *
 * <p>Nothing here waits without a deadline ({@link Deadlines}, {@link
 * dev.felu.config.QueryDeadline}), and a watchdog checks every {@value #WATCH_SECONDS} s that check
 * rounds complete ({@link DriverWatch}): when none did for {@link Deadlines#STALL_AFTER}, health,
 * metrics, the dashboard and the log say what is stuck where, and the watchdog recovers by itself —
 * a link quiet past every deadline of its own is replaced by a fresh one with a new sync task, and
 * a registry not read is reconciled from the watchdog's thread.
 *
 * <p>Only the management instance that drives the fleet ({@link FleetLeadership#leads()},
 * ARCHITECTURE.md#flow-cluster) holds links, runs the checks and pushes; the others answer the UI
 * and API from the driver's view, which it publishes in the data grid ({@link SharedStatus}), and
 * hand a forced resync to it ({@link ClusterSignals#resync}); their committed changes reach it as
 * relayed events. On losing the lead the links are closed at once; on gaining it they are made
 * afresh, every handshake signed with the new epoch. Alone (no grid) the instance always leads.
 */
@Singleton
@Startup
// the schema exists before anything reads it; leadership is known before the first check
@DependsOn({"SchemaMigration", "FleetLeadership"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class PushCoordinator {
  private static final Logger LOG = Logger.getLogger(PushCoordinator.class.getName());

  static final int WATCH_SECONDS = 5;

  @Inject NameserverService nameservers;
  @Inject ConfigRevisions revisions;
  @Inject TransferReader transfers;
  @Inject NameserverProgressLog progress;
  @Inject PushMetrics metrics;
  @Inject ZoneSerials serials;
  @Inject LinkTls tls;
  @Inject AuditLog audit;
  @Inject CallerContext callers;
  @Inject FleetLeadership leadership;
  @Inject ClusterSignals signals;
  @Inject DataGrid grid;

  @Resource ManagedThreadFactory threads;
  @Resource ManagedScheduledExecutorService scheduler;

  private final DriverWatch watch = new DriverWatch();
  private volatile FleetStall reported;
  private final AtomicLong stalls = new AtomicLong();
  private ScheduledFuture<?> watchdog;

  /** The highest revision every linked nameserver was found holding ({@link ServedEverywhere}). */
  private final AtomicLong servedEverywhere = new AtomicLong(Long.MIN_VALUE);

  @Inject Event<ServedEverywhere> served;

  /** When the last change committed (System.nanoTime), for the sync timings in the log. */
  private volatile long lastChangeNanos;

  /** The WebSocket client of every link, with the link TLS settings, and its I/O threads. */
  private LinkClient client;

  private LinkRegistry links;
  private SyncScheduler syncs;
  private SyncSteps steps;
  private HealthChecks health;
  private SharedStatus shared;

  @PostConstruct
  void createClient() {
    client = new LinkClient(tls::container, threads, leadership::epoch);
    shared = new SharedStatus(grid);
    syncs = new SyncScheduler(threads, scheduler, this::sync);
    links = new LinkRegistry(client, syncs::request);
    steps =
        new SyncSteps(
            revisions::head, transfers::transfer, nameservers::promote, progress::record, metrics);
    health = new HealthChecks(() -> revisions.head().revision(), serials::sample);
    watchdog =
        scheduler.scheduleWithFixedDelay(
            this::watch, WATCH_SECONDS, WATCH_SECONDS, TimeUnit.SECONDS);
  }

  /** Committed here, or on another instance and relayed here ({@link ClusterSignals}). */
  public void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConfigChanged change) {
    lastChangeNanos = System.nanoTime();
    if (leadership.leads()) {
      links.all().forEach(syncs::request);
    }
  }

  public void onRegistryChange(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) NameserversChanged e) {
    checkAll();
  }

  /**
   * This instance began or stopped driving the fleet. Gained: a check round at once, on a container
   * thread (the links connect with the new epoch). Lost: every link is closed now, so that nothing
   * of this instance reaches a nameserver beside the new driver.
   */
  public void onLeadership(@Observes LeadershipChanged change) {
    if (change.leads()) {
      LOG.info("driving the fleet, leadership epoch " + change.epoch() + ": " + change.why());
      scheduler.execute(
          () -> {
            health.allDue();
            checkAll();
            publishStatus();
          });
    } else {
      LOG.warning("no longer driving the fleet (" + change.why() + "): closing every link");
      links.dropAll("this management instance no longer drives the fleet");
    }
  }

  /** A follower was asked for a forced resync: the driver runs it. */
  public void onResyncRelayed(@Observes ResyncRelayed request) {
    if (!leadership.leads()) {
      return;
    }
    NameserverLink link = links.get(request.nameserver());
    if (link != null) {
      link.requestResync();
      syncs.request(link);
      LOG.info("full resync of " + request.nameserver() + " requested by another instance");
    }
  }

  @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
  void healthCheck() {
    if (!leadership.leads()) {
      return;
    }
    health.allDue();
    checkAll();
  }

  /**
   * Reconciles links with the registry, then syncs every enabled nameserver in parallel. One
   * reconciliation at a time ({@link LinkRegistry#oneAtATime}). Only while this instance drives the
   * fleet.
   */
  public void checkAll() {
    if (!leadership.leads()) {
      return;
    }
    if (links.oneAtATime(this::reconcile)) {
      links.all().forEach(syncs::request);
    }
  }

  /**
   * Reads the registry (every database read first), then updates the links and health checks in
   * memory; when the read fails the links keep the addresses and keys they had.
   */
  private void reconcile() {
    try {
      List<Nameserver> enabled = nameservers.list().stream().filter(Nameserver::isEnabled).toList();
      List<LinkRegistry.Wanted> wanted =
          enabled.stream()
              .map(
                  ns ->
                      new LinkRegistry.Wanted(
                          ns.getName(), URI.create(ns.getConfigUrl()), nameservers.credentials(ns)))
              .toList();
      links.reconcile(wanted);
      health.track(enabled);
      watch.reconciled();
    } catch (RuntimeException e) {
      // the links keep the addresses and keys they had: syncing them needs no registry
      String why = "reading the nameserver registry failed: " + RootCause.message(e);
      watch.reconcileFailed(why);
      LOG.warning(why);
      LOG.log(Level.FINE, "reconciliation failed", e);
    }
    if (!leadership.leads()) {
      // lost the lead while reading the registry: the links just made must not stay
      links.dropAll("this management instance no longer drives the fleet");
    }
  }

  /**
   * Forces a full resync of one enabled nameserver: its next sync sends a complete snapshot even
   * when it already holds the head revision and hash, and the nameserver builds a fresh table and
   * swaps it in as for any snapshot. For an operator who suspects what a nameserver serves despite
   * matching hashes (or wants to watch a full transfer); normal repair never needs it. The sync is
   * requested at once; while the link is down the request waits and runs when it connects.
   *
   * @throws dev.felu.problem.NotFoundException for an unknown nameserver
   * @throws ConflictException for a disabled one (it is sent nothing at all)
   */
  @RolesAllowed(Role.ADMIN_NAME)
  public ResyncRequest resync(String name) {
    Nameserver ns = nameservers.get(name);
    if (!ns.isEnabled()) {
      throw new ConflictException(
          "enabled",
          "nameserver " + name + " is disabled and is sent nothing: enable it first to resync it");
    }
    if (!leadership.leads()) {
      return resyncByTheDriver(name);
    }
    NameserverLink link = links.get(name);
    if (link == null) {
      checkAll(); // enabled a moment ago: its link is made by the reconciliation
      link = links.get(name);
    }
    if (link == null) {
      throw new ConflictException("enabled", "nameserver " + name + " has no link yet; try again");
    }
    long head = revisions.head().revision();
    boolean connected = link.connected();
    audit.record(
        AuditLog.NAMESERVER,
        "resync",
        null,
        name,
        null,
        "full snapshot requested at revision " + head);
    link.requestResync();
    syncs.request(link);
    LOG.info("full resync of " + name + " requested" + (connected ? "" : ", sent on connect"));
    return new ResyncRequest(
        name,
        head,
        connected,
        connected
            ? "full resync of " + name + " requested: a snapshot is being sent"
            : "full resync of "
                + name
                + " requested: not connected now, the snapshot is sent when the link connects");
  }

  /** On a follower: the resync is handed to the driver through the grid, and audited here. */
  private ResyncRequest resyncByTheDriver(String name) {
    long head = revisions.head().revision();
    if (!signals.resync(name)) {
      throw new ConflictException(
          "enabled", "no instance drives the fleet now to resync " + name + "; try again");
    }
    audit.record(
        AuditLog.NAMESERVER,
        "resync",
        null,
        name,
        null,
        "full snapshot requested at revision " + head + " (from another instance)");
    boolean connected = status(name).connected();
    LOG.info("full resync of " + name + " handed to the instance that drives the fleet");
    return new ResyncRequest(
        name,
        head,
        connected,
        "full resync of "
            + name
            + " requested from the management instance that drives the fleet: "
            + (connected
                ? "a snapshot is being sent"
                : "not connected now, the snapshot is sent when the link connects"));
  }

  /**
   * Whether a forced full resync of the nameserver waits to be sent (known on the driver only: a
   * follower says false).
   */
  public boolean resyncPending(String nameserver) {
    NameserverLink link = links.get(nameserver);
    return link != null && link.resyncPending();
  }

  /**
   * Every enabled nameserver's link status, by name (for metrics and health): the driver's own, or
   * on a follower the driver's as published in the grid.
   */
  public Map<String, LinkStatus> statuses() {
    if (leadership.leads()) {
      return links.statuses();
    }
    SharedStatus.View v = shared.read();
    return SharedStatus.unusable(v, System.currentTimeMillis()) == null ? v.links() : Map.of();
  }

  /** One nameserver's link status, as the current caller may see it (see {@link #zoneDetail()}). */
  public LinkStatus status(String nameserver) {
    LinkStatus s;
    if (leadership.leads()) {
      NameserverLink link = links.get(nameserver);
      s = link == null ? LinkStatus.UNKNOWN : link.status();
    } else {
      SharedStatus.View v = shared.read();
      String unusable = SharedStatus.unusable(v, System.currentTimeMillis());
      s =
          unusable != null
              ? LinkStatus.UNKNOWN.withLastError(unusable)
              : v.links().getOrDefault(nameserver, LinkStatus.UNKNOWN);
    }
    return zoneDetail() ? s : s.withoutZoneDetail();
  }

  /**
   * Whether the current caller may read texts that can name any zone (errors, probe results): a
   * caller limited to some zones may not; the system and callers with every zone may.
   */
  private boolean zoneDetail() {
    return callers.current().map(c -> !c.scoped()).orElse(true);
  }

  /** The health checks' view of one nameserver, as the current caller may see it. */
  public NameserverHealth health(String nameserver) {
    NameserverHealth h;
    if (leadership.leads()) {
      h = health.health(nameserver);
    } else {
      SharedStatus.View v = shared.read();
      h =
          SharedStatus.unusable(v, System.currentTimeMillis()) != null
              ? NameserverHealth.UNKNOWN
              : v.health().getOrDefault(nameserver, NameserverHealth.UNKNOWN);
    }
    return zoneDetail() ? h : h.withoutZoneDetail();
  }

  /**
   * Brings one nameserver to the head revision ({@link SyncSteps}); when the 5-second timer asked
   * for it, the sync is also a health check ({@link HealthChecks}).
   */
  void sync(NameserverLink link) {
    long requested = System.nanoTime();
    synchronized (link) {
      long began = System.nanoTime();
      LOG.fine(
          () ->
              "sync of "
                  + link.name()
                  + " begins "
                  + (began - lastChangeNanos) / 1_000_000
                  + " ms after the last commit (lock "
                  + (began - requested) / 1_000_000
                  + " ms)");
      try {
        HealthTracker due = health.takeDue(link.name());
        String problem = steps.run(link);
        if (due != null && !link.retired()) {
          health.record(link, due, problem);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "health check of " + link.name() + " failed", e);
      } finally {
        link.step("idle");
        link.moved();
      }
    }
    announceServed();
  }

  /**
   * After a sync: when the lowest revision the linked nameservers have recorded moved past what was
   * announced, fires {@link ServedEverywhere} for it (once per step, whichever sync made it).
   */
  private void announceServed() {
    long lowest = Long.MAX_VALUE;
    for (NameserverLink l : links.all()) {
      lowest = Math.min(lowest, l.recordedRevision());
    }
    if (lowest == Long.MAX_VALUE || lowest < 0) {
      return; // no nameserver linked, or one that has recorded nothing yet
    }
    long was = servedEverywhere.getAndAccumulate(lowest, Math::max);
    if (lowest > was) {
      try {
        served.fire(new ServedEverywhere(lowest));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "an observer of revision " + lowest + " served failed", e);
      }
    }
  }

  /**
   * The fleet driver's stall, if no check round completed within {@link Deadlines#STALL_AFTER}:
   * computed now, so it shows even when the watchdog itself cannot run.
   */
  public Optional<FleetStall> stall() {
    Optional<String> leadershipStall = leadership.stall();
    if (leadershipStall.isPresent()) {
      return Optional.of(new FleetStall(Instant.now(), leadershipStall.get()));
    }
    if (!leadership.leads()) {
      return Optional.empty(); // a follower drives nothing that could stall
    }
    return watch.stall(links.all(), Deadlines.STALL_AFTER);
  }

  /**
   * Seconds since the last complete check round ended: the driver's own, or on a follower the
   * driver's as published in the grid (0 when none is known).
   */
  public double secondsSinceLastRound() {
    if (!leadership.leads()) {
      SharedStatus.View v = shared.read();
      return SharedStatus.unusable(v, System.currentTimeMillis()) == null
          ? v.secondsSinceLastRound()
          : 0;
    }
    return watch.sinceLastRound(links.all()).toMillis() / 1000.0;
  }

  /** Whether this instance drives the fleet now ({@link FleetLeadership}). */
  public boolean leads() {
    return leadership.leads();
  }

  /** This instance's leadership epoch while it drives the fleet, -1 otherwise. */
  public long leaderEpoch() {
    return leadership.epoch();
  }

  /** The driver publishes its view for the other instances (nothing without a grid). */
  private void publishStatus() {
    if (!leadership.leads()) {
      return;
    }
    Map<String, NameserverHealth> healths = new java.util.TreeMap<>();
    for (NameserverLink l : links.all()) {
      healths.put(l.name(), health.health(l.name()));
    }
    shared.publish(
        String.valueOf(grid.instance().map(h -> h.getCluster().getLocalMember()).orElse(null)),
        leadership.epoch(),
        stall(),
        secondsSinceLastRound(),
        links.statuses(),
        healths);
  }

  /** Stalls the watchdog found since start. */
  public long stallsTotal() {
    return stalls.get();
  }

  /** Links the watchdog replaced because they were stuck, since start. */
  public long linksReplacedTotal() {
    return links.replacedTotal();
  }

  /**
   * The watchdog: reports a stall (once, in the log, as it begins and as it ends) and recovers what
   * does not recover by itself.
   */
  void watch() {
    try {
      if (!leadership.leads()) {
        reported = null;
        return;
      }
      Optional<FleetStall> now = stall();
      FleetStall before = reported;
      if (now.isPresent() && before == null) {
        stalls.incrementAndGet();
        LOG.severe(now.get().message() + "; recovering");
      } else if (now.isEmpty() && before != null) {
        LOG.info("fleet checks run again (they had stalled since " + before.since() + ")");
      }
      reported = now.orElse(null);
      links.replaceStuck().forEach(syncs::request);
      if (watch.sinceLastReconcile().compareTo(Deadlines.STALL_AFTER) > 0) {
        LOG.warning(
            "the check timer has not reconciled the fleet lately: reconciling from the"
                + " watchdog");
        health.allDue();
        checkAll();
      }
      publishStatus();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "a fleet watchdog pass failed; the next one retries", e);
    }
  }

  @PreDestroy
  void closeLinks() {
    if (watchdog != null) {
      watchdog.cancel(false);
    }
    links.retireAll("management server stopping");
    syncs.close();
    client.close();
  }
}
