package dev.felu.push;

import dev.felu.config.ConfigChanged;
import dev.felu.config.ConfigHeadView;
import dev.felu.config.ConfigRevisions;
import dev.felu.config.SnapshotReader;
import dev.felu.model.nameserver.Nameserver;
import dev.felu.nameserver.LinkCredentials;
import dev.felu.nameserver.NameserverService;
import dev.felu.nameserver.NameserversChanged;
import dev.felu.protocol.Message;
import dev.felu.protocol.Reply;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.websocket.WebSocketContainer;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps every enabled nameserver at the head revision (architecture flows 1 and 2).
 *
 * <p>After each commit the delta is sent to all nameservers at once. Every 5 s each nameserver is
 * checked: connected? which revision and hash? Behind → the deltas it misses, or a full snapshot
 * when they are no longer kept, when it is new, or when its hash disagrees. A push lost to a flaky
 * link is therefore repaired by the next check, never by luck.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class PushCoordinator {
  private static final Logger LOG = Logger.getLogger(PushCoordinator.class.getName());

  /** Deltas kept in memory for nameservers slightly behind; older gaps get a snapshot. */
  private static final int KEPT_DELTAS = 1000;

  private static final int MAX_STEPS_PER_SYNC = 50;

  @Inject NameserverService nameservers;
  @Inject ConfigRevisions revisions;
  @Inject SnapshotReader snapshots;
  @Inject LinkTls tls;

  @Resource ManagedExecutorService executor;

  private final Map<String, NameserverLink> links = new ConcurrentHashMap<>();

  /** The WebSocket client of every link, with the link TLS settings. */
  private WebSocketContainer container;

  @PostConstruct
  void createClient() {
    container = tls.container();
  }

  /** Delta by its base revision. */
  private final NavigableMap<Long, Message.Delta> deltas = new ConcurrentSkipListMap<>();

  public void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConfigChanged change) {
    Message.Delta d = change.delta();
    deltas.put(d.baseRevision(), d);
    while (deltas.size() > KEPT_DELTAS) {
      deltas.pollFirstEntry();
    }
    links.values().forEach(this::requestSync);
  }

  public void onRegistryChange(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) NameserversChanged e) {
    checkAll();
  }

  @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
  void healthCheck() {
    checkAll();
  }

  /**
   * Reconciles links with the registry, then syncs every enabled nameserver in parallel. One
   * reconciliation at a time, each reading the registry afresh, so a timer tick that read it before
   * a change committed cannot undo what the change's own reconciliation did.
   */
  public synchronized void checkAll() {
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
          links.computeIfAbsent(
              ns.getName(), n -> new NameserverLink(n, uri, credentials, container));
      link.configure(uri, credentials);
    }
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
    links.values().forEach(this::requestSync);
  }

  /**
   * Asks for a sync of one link. Requests coalesce: while a sync of that link runs or waits, more
   * requests only make it run once more, so a slow nameserver never fills the executor.
   */
  private void requestSync(NameserverLink link) {
    link.syncRequested.set(true);
    if (link.syncScheduled.compareAndSet(false, true)) {
      executor.submit(() -> runSyncs(link));
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

  public LinkStatus status(String nameserver) {
    NameserverLink link = links.get(nameserver);
    return link == null ? LinkStatus.UNKNOWN : link.status();
  }

  /**
   * Brings one nameserver to the head revision, step by step; errors end in backoff, not retries.
   */
  void sync(NameserverLink link) {
    synchronized (link) {
      try {
        if (link.retired()) {
          return;
        }
        if (!link.connected()) {
          if (!link.mayConnect()) {
            return;
          }
          Optional<String> promoted = link.connect();
          LOG.info("connected to nameserver " + link.name());
          promoted.ifPresent(keyId -> nameservers.promote(link.name(), keyId));
        } else if (link.pendingKeyDue()) {
          link.tryPendingKey().ifPresent(keyId -> nameservers.promote(link.name(), keyId));
        }
        Reply held = link.request(new Message.StatusRequest());
        for (int step = 0; step < MAX_STEPS_PER_SYNC; step++) {
          ConfigHeadView head = revisions.head();
          // same revision and hash: in sync, even if it reports trouble serving (shown in status)
          if (held.revision() == head.revision() && held.hash().equals(head.hash())) {
            link.markInSync(true);
            return;
          }
          link.markInSync(false);
          Message.Delta next =
              held.revision() < head.revision() ? deltas.get(held.revision()) : null;
          if (next != null && held.ok()) {
            Reply r = link.request(next);
            if (r.ok() && r.revision() == next.revision() && r.hash().equals(next.hash())) {
              held = r;
              continue;
            }
            LOG.warning(
                link.name()
                    + " refused delta to "
                    + next.revision()
                    + ": "
                    + r.error()
                    + "; sending a snapshot");
          }
          Message.Snapshot snapshot = snapshots.read();
          held = link.request(snapshot);
          if (!held.ok() || held.revision() != snapshot.revision()) {
            LOG.severe(
                link.name() + " refused snapshot " + snapshot.revision() + ": " + held.error());
            return;
          }
          LOG.info(link.name() + " received snapshot of revision " + snapshot.revision());
        }
      } catch (LinkException e) {
        LOG.log(Level.FINE, "sync failed", e);
        LOG.warning(e.getMessage());
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "sync of " + link.name() + " failed", e);
      }
    }
  }

  @PreDestroy
  void closeLinks() {
    links.values().forEach(l -> l.retire("management server stopping"));
  }
}
