package dev.felu.push;

import dev.felu.nameserver.LinkCredentials;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The live {@link NameserverLink}s, one per enabled nameserver, reconciled with the registry: a
 * link is made for a nameserver that gains one, reconfigured when its address or keys change, and
 * retired when it is removed or disabled. A link stuck past every deadline of its own is replaced
 * here by a fresh one ({@link #replaceStuck}).
 */
final class LinkRegistry {
  private static final Logger LOG = Logger.getLogger(LinkRegistry.class.getName());

  /** One enabled nameserver as the registry has it: where and with which keys to connect. */
  record Wanted(String name, URI uri, LinkCredentials credentials) {}

  private final Map<String, NameserverLink> links = new ConcurrentHashMap<>();

  /** One reconciliation at a time; waited for with a deadline, never forever. */
  private final ReentrantLock reconciling = new ReentrantLock();

  private final AtomicLong replaced = new AtomicLong();

  /** The WebSocket client every link connects with. */
  private final LinkClient client;

  /** Told when a link's connection is lost by itself ({@link NameserverLink#whenLost}). */
  private final Consumer<NameserverLink> onLost;

  LinkRegistry(LinkClient client, Consumer<NameserverLink> onLost) {
    this.client = client;
    this.onLost = onLost;
  }

  /**
   * Runs a reconciliation unless another one still runs after {@link Deadlines#STALL_AFTER}: each
   * reads the registry afresh, so a timer tick that read it before a change committed cannot undo
   * what the change's own reconciliation did.
   *
   * @return false when it was skipped
   */
  boolean oneAtATime(Runnable reconciliation) {
    try {
      if (!reconciling.tryLock(Deadlines.STALL_AFTER.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warning("a reconciliation of the fleet is still running; this one is skipped");
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try {
      reconciliation.run();
      return true;
    } finally {
      reconciling.unlock();
    }
  }

  /** Makes or reconfigures the link of every wanted nameserver and retires every other link. */
  void reconcile(List<Wanted> wanted) {
    Set<String> names = new HashSet<>();
    for (Wanted w : wanted) {
      names.add(w.name());
      NameserverLink link =
          links.computeIfAbsent(
              w.name(),
              n -> {
                NameserverLink made = new NameserverLink(n, w.uri(), w.credentials(), client);
                made.whenLost(onLost);
                return made;
              });
      link.configure(w.uri(), w.credentials());
    }
    links
        .entrySet()
        .removeIf(
            e -> {
              if (!names.contains(e.getKey())) {
                e.getValue().retire("nameserver removed or disabled");
                return true;
              }
              return false;
            });
  }

  /** The link of one nameserver, null when it has none (unknown, disabled, not reconciled yet). */
  NameserverLink get(String nameserver) {
    return links.get(nameserver);
  }

  Collection<NameserverLink> all() {
    return links.values();
  }

  /** Every link's status, by nameserver name. */
  Map<String, LinkStatus> statuses() {
    Map<String, LinkStatus> all = new TreeMap<>();
    links.forEach((name, link) -> all.put(name, link.status()));
    return all;
  }

  /**
   * Replaces every link quiet for longer than {@link Deadlines#ABANDON_AFTER}, past every deadline
   * of its own, by a fresh one.
   *
   * @return the fresh links: each needs a sync
   */
  List<NameserverLink> replaceStuck() {
    List<NameserverLink> fresh = new ArrayList<>();
    for (Map.Entry<String, NameserverLink> e : links.entrySet()) {
      NameserverLink stuck = e.getValue();
      if (stuck.quietNanos() <= Deadlines.ABANDON_AFTER.toNanos()) {
        continue;
      }
      NameserverLink next = stuck.successor();
      if (links.replace(e.getKey(), stuck, next)) {
        replaced.incrementAndGet();
        LOG.severe(
            stuck.name()
                + " link stuck while "
                + stuck.step()
                + " for "
                + Duration.ofNanos(stuck.quietNanos()).toSeconds()
                + " s: replaced by a fresh link and sync");
        stuck.retire("stuck: replaced");
        fresh.add(next);
      }
    }
    return fresh;
  }

  /** Links replaced because they were stuck, since start. */
  long replacedTotal() {
    return replaced.get();
  }

  void retireAll(String why) {
    links.values().forEach(l -> l.retire(why));
  }

  /**
   * Retires and forgets every link at once (this instance stopped driving the fleet): the next
   * reconciliation, if it drives again, makes fresh ones.
   */
  void dropAll(String why) {
    links
        .values()
        .removeIf(
            l -> {
              l.retire(why);
              return true;
            });
  }
}
