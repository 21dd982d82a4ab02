package dev.felu.push;

import dev.felu.audit.AuditLog;
import dev.felu.config.ConfigChanged;
import dev.felu.config.ConfigRevisions;
import dev.felu.config.TransferReader;
import dev.felu.model.account.Role;
import dev.felu.model.nameserver.Nameserver;
import dev.felu.nameserver.LinkCredentials;
import dev.felu.nameserver.NameserverProgressLog;
import dev.felu.nameserver.NameserverService;
import dev.felu.nameserver.NameserversChanged;
import dev.felu.problem.ConflictException;
import dev.felu.zone.ZoneSerials;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps every enabled nameserver at the head revision (ARCHITECTURE.md#flow-edit-served and
 * #flow-health-repair).
 *
 * <p>After each commit every nameserver is synced at once. Every 5 s each nameserver is checked:
 * connected? which revision and hash? Behind → one transfer (protocol v2) read from the database:
 * the combined delta of every zone changed since its revision when the revision log still covers
 * that revision with the same hash, a full snapshot otherwise (new, restarted, too far behind,
 * wrong hash, or a refused delta). Nothing about the fleet's progress lives in memory only, so
 * events that arrive late, out of order or coalesced, a restart of the management server, or a push
 * lost to a flaky link are all repaired by the next sync, never by luck.
 *
 * <p>Nothing here waits without a deadline ({@link Deadlines}, {@link
 * dev.felu.config.QueryDeadline}), and a watchdog checks every {@value #WATCH_SECONDS} s that check
 * rounds complete ({@link DriverWatch}): when none did for {@link Deadlines#STALL_AFTER}, health,
 * metrics, the dashboard and the log say what is stuck where, and the watchdog recovers by itself —
 * a link quiet past every deadline of its own is replaced by a fresh one with a new sync task, and
 * a registry not read is reconciled from the watchdog's thread.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration") // the schema exists before anything reads it
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class PushCoordinator {
  private static final Logger LOG = Logger.getLogger(PushCoordinator.class.getName());

  /** Zones whose SOA serial one health check asks each nameserver about. */
  private static final int PROBED_ZONES = 10;

  static final int WATCH_SECONDS = 5;

  /**
   * Syncs that run at once. Each waits at most for its deadlines, so a few stuck nameservers delay
   * the others by seconds, never forever; the server's shared executor (two threads by default) is
   * left to the rest of the application.
   */
  static final int SYNC_THREADS = 8;

  /** Sync tasks waiting: at most one per link, so this bounds only a runaway. */
  static final int SYNC_QUEUE = 10_000;

  @Inject NameserverService nameservers;
  @Inject ConfigRevisions revisions;
  @Inject TransferReader transfers;
  @Inject NameserverProgressLog progress;
  @Inject PushMetrics metrics;
  @Inject ZoneSerials serials;
  @Inject LinkTls tls;
  @Inject AuditLog audit;

  @Resource ManagedThreadFactory threads;
  @Resource ManagedScheduledExecutorService scheduler;

  private final Map<String, NameserverLink> links = new ConcurrentHashMap<>();
  private final Map<String, HealthTracker> health = new ConcurrentHashMap<>();

  /** One reconciliation at a time; waited for with a deadline, never forever. */
  private final ReentrantLock reconciling = new ReentrantLock();

  private final DriverWatch watch = new DriverWatch();
  private volatile FleetStall reported;
  private final AtomicLong stalls = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();
  private ScheduledFuture<?> watchdog;

  /** The WebSocket client of every link, with the link TLS settings, and its I/O threads. */
  private LinkClient client;

  /** The fleet driver's own threads, made by the server's managed thread factory. */
  private ThreadPoolExecutor executor;

  /** The sync of one link, step by step. */
  private SyncSteps steps;

  @PostConstruct
  void createClient() {
    steps =
        new SyncSteps(
            revisions::head, transfers::transfer, nameservers::promote, progress::record, metrics);
    client = new LinkClient(tls::container, threads);
    executor =
        new ThreadPoolExecutor(
            SYNC_THREADS,
            SYNC_THREADS,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(SYNC_QUEUE),
            threads);
    executor.allowCoreThreadTimeOut(true);
    watchdog =
        scheduler.scheduleWithFixedDelay(
            this::watch, WATCH_SECONDS, WATCH_SECONDS, TimeUnit.SECONDS);
  }

  public void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConfigChanged change) {
    links.values().forEach(this::requestSync);
  }

  public void onRegistryChange(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) NameserversChanged e) {
    checkAll();
  }

  @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
  void healthCheck() {
    health.values().forEach(t -> t.due.set(true));
    checkAll();
  }

  /**
   * Reconciles links with the registry, then syncs every enabled nameserver in parallel. One
   * reconciliation at a time, each reading the registry afresh, so a timer tick that read it before
   * a change committed cannot undo what the change's own reconciliation did.
   */
  public void checkAll() {
    try {
      if (!reconciling.tryLock(Deadlines.STALL_AFTER.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warning("a reconciliation of the fleet is still running; this one is skipped");
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      reconcile();
      watch.reconciled();
    } catch (RuntimeException e) {
      // the links keep the addresses and keys they had: syncing them needs no registry
      String why = "reading the nameserver registry failed: " + rootMessage(e);
      watch.reconcileFailed(why);
      LOG.warning(why);
      LOG.log(Level.FINE, "reconciliation failed", e);
    } finally {
      reconciling.unlock();
    }
    links.values().forEach(this::requestSync);
  }

  private void reconcile() {
    List<Nameserver> registered = nameservers.list();
    Set<String> wanted = new HashSet<>();
    for (Nameserver ns : registered) {
      if (!ns.isEnabled()) {
        continue;
      }
      wanted.add(ns.getName());
      URI uri = URI.create(ns.getConfigUrl());
      LinkCredentials credentials = nameservers.credentials(ns);
      NameserverLink link =
          links.computeIfAbsent(ns.getName(), n -> new NameserverLink(n, uri, credentials, client));
      link.configure(uri, credentials);
      HealthTracker tracker = health.computeIfAbsent(ns.getName(), n -> new HealthTracker());
      tracker.dnsHost = ns.getDnsHost();
      tracker.dnsPort = ns.getDnsPort();
    }
    health.keySet().retainAll(wanted);
    links
        .entrySet()
        .removeIf(
            e -> {
              if (!wanted.contains(e.getKey())) {
                e.getValue().retire("nameserver removed or disabled");
                return true;
              }
              return false;
            });
  }

  /**
   * Asks for a sync of one link. Requests coalesce: while a sync of that link runs or waits, more
   * requests only make it run once more, so a slow nameserver never fills the executor.
   */
  private void requestSync(NameserverLink link) {
    link.syncRequested.set(true);
    if (link.syncScheduled.compareAndSet(false, true)) {
      try {
        link.step("waiting for a sync thread");
        executor.submit(() -> runSyncs(link));
      } catch (RuntimeException e) {
        link.syncScheduled.set(false); // the next check asks again
        LOG.warning("cannot schedule a sync of " + link.name() + ": " + rootMessage(e));
      }
    }
  }

  private void runSyncs(NameserverLink link) {
    try {
      while (link.syncRequested.getAndSet(false) && !link.retired()) {
        sync(link);
      }
    } finally {
      link.syncScheduled.set(false);
      if (link.syncRequested.get() && !link.retired()) {
        requestSync(link);
      }
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
  public ResyncRequest resync(String name) {
    audit.caller().ifPresent(c -> c.require(Role.ADMIN, "force a resync of nameservers"));
    Nameserver ns = nameservers.get(name);
    if (!ns.isEnabled()) {
      throw new ConflictException(
          "enabled",
          "nameserver " + name + " is disabled and is sent nothing: enable it first to resync it");
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
    requestSync(link);
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

  /** Whether a forced full resync of the nameserver waits to be sent. */
  public boolean resyncPending(String nameserver) {
    NameserverLink link = links.get(nameserver);
    return link != null && link.resyncPending();
  }

  /** Every enabled nameserver's link status, by name (for metrics and health). */
  public Map<String, LinkStatus> statuses() {
    Map<String, LinkStatus> all = new TreeMap<>();
    links.forEach((name, link) -> all.put(name, link.status()));
    return all;
  }

  /** One nameserver's link status, as the current caller may see it (see {@link #zoneDetail()}). */
  public LinkStatus status(String nameserver) {
    NameserverLink link = links.get(nameserver);
    LinkStatus s = link == null ? LinkStatus.UNKNOWN : link.status();
    return zoneDetail() ? s : s.withoutZoneDetail();
  }

  /**
   * Whether the current caller may read texts that can name any zone (errors, probe results): a
   * caller limited to some zones may not; the system and callers with every zone may.
   */
  private boolean zoneDetail() {
    return audit.caller().map(c -> !c.scoped()).orElse(true);
  }

  /**
   * Brings one nameserver to the head revision; when the 5-second timer asked for it, the sync is
   * also a health check: its outcome, plus a DNS-level probe of an in-sync nameserver, feeds the
   * nameserver's flap-filtered health.
   */
  void sync(NameserverLink link) {
    synchronized (link) {
      try {
        HealthTracker tracker = health.get(link.name());
        boolean check = tracker != null && tracker.due.getAndSet(false);
        String problem = steps.run(link);
        if (check && !link.retired()) {
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
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "health check of " + link.name() + " failed", e);
      } finally {
        link.step("idle");
        link.moved();
      }
    }
  }

  /**
   * Asks the nameserver over UDP for the SOA of a few zones and compares their serials with the
   * database — at one head revision: when a change commits meanwhile, the round does not count.
   */
  private DnsProbe.Result probeDns(NameserverLink link, HealthTracker tracker) {
    long head = revisions.head().revision();
    if (link.status().revision() != head || tracker.dnsHost == null) {
      return null;
    }
    java.util.Map<org.xbill.DNS.Name, Long> expected = serials.sample(PROBED_ZONES);
    DnsProbe.Result r = DnsProbe.probe(tracker.dnsHost, tracker.dnsPort, expected);
    return revisions.head().revision() == head ? r : null;
  }

  /** The health checks' view of one nameserver, as the current caller may see it. */
  public NameserverHealth health(String nameserver) {
    HealthTracker t = health.get(nameserver);
    NameserverHealth h = t == null ? NameserverHealth.UNKNOWN : t.health();
    return zoneDetail() ? h : h.withoutZoneDetail();
  }

  /**
   * The fleet driver's stall, if no check round completed within {@link Deadlines#STALL_AFTER}:
   * computed now, so it shows even when the watchdog itself cannot run.
   */
  public Optional<FleetStall> stall() {
    return watch.stall(links.values(), Deadlines.STALL_AFTER);
  }

  /** Seconds since the last complete check round ended. */
  public double secondsSinceLastRound() {
    return watch.sinceLastRound(links.values()).toMillis() / 1000.0;
  }

  /** Stalls the watchdog found since start. */
  public long stallsTotal() {
    return stalls.get();
  }

  /** Links the watchdog replaced because they were stuck, since start. */
  public long linksReplacedTotal() {
    return abandoned.get();
  }

  /**
   * The watchdog: reports a stall (once, in the log, as it begins and as it ends) and recovers what
   * does not recover by itself.
   */
  void watch() {
    try {
      Optional<FleetStall> now = stall();
      FleetStall before = reported;
      if (now.isPresent() && before == null) {
        stalls.incrementAndGet();
        LOG.severe(now.get().message() + "; recovering");
      } else if (now.isEmpty() && before != null) {
        LOG.info("fleet checks run again (they had stalled since " + before.since() + ")");
      }
      reported = now.orElse(null);
      replaceStuckLinks();
      if (watch.sinceLastReconcile().compareTo(Deadlines.STALL_AFTER) > 0) {
        LOG.warning(
            "the check timer has not reconciled the fleet lately: reconciling from the"
                + " watchdog");
        health.values().forEach(t -> t.due.set(true));
        checkAll();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "a fleet watchdog pass failed; the next one retries", e);
    }
  }

  /** A link quiet past every deadline of its own is stuck: a fresh link and sync take its place. */
  private void replaceStuckLinks() {
    for (Map.Entry<String, NameserverLink> e : links.entrySet()) {
      NameserverLink stuck = e.getValue();
      if (stuck.quietNanos() <= Deadlines.ABANDON_AFTER.toNanos()) {
        continue;
      }
      NameserverLink fresh = stuck.successor();
      if (links.replace(e.getKey(), stuck, fresh)) {
        abandoned.incrementAndGet();
        LOG.severe(
            stuck.name()
                + " link stuck while "
                + stuck.step()
                + " for "
                + Duration.ofNanos(stuck.quietNanos()).toSeconds()
                + " s: replaced by a fresh link and sync");
        stuck.retire("stuck: replaced");
        requestSync(fresh);
      }
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  @PreDestroy
  void closeLinks() {
    if (watchdog != null) {
      watchdog.cancel(false);
    }
    links.values().forEach(l -> l.retire("management server stopping"));
    executor.shutdownNow();
    client.close();
  }
}
