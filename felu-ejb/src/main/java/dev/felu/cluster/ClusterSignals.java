package dev.felu.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import dev.felu.config.ConfigChanged;
import dev.felu.nameserver.NameserversChanged;
import dev.felu.protocol.ConfigHash;
import dev.felu.push.ServedEverywhere;
import dev.felu.tsig.TsigKeysChanged;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries the "something changed" events between the management instances
 * (ARCHITECTURE.md#flow-cluster): a change committed on any instance must reach the fleet's driver
 * at once, and caches held on every instance must hear of changes made elsewhere. Each event
 * observed here after its commit is published on the grid's topic {@value #TOPIC} as a small array
 * of strings (JDK types only: no application class enters the grid, so instances of different
 * builds never fail to read each other's messages), and every <em>other</em> instance fires the
 * same CDI event locally, outside any transaction, on a container thread:
 *
 * <ul>
 *   <li>{@link ConfigChanged} and {@link NameserversChanged}: the driver syncs or reconciles;
 *   <li>{@link TsigKeysChanged}: every instance's UPDATE key cache reads the keys again;
 *   <li>{@link ServedEverywhere} (from the driver): every instance's UPDATE latency sees it;
 *   <li>a forced resync asked of a follower ({@link #resync}) as {@link ResyncRelayed}.
 * </ul>
 *
 * Events are nudges, as they are within one instance (ARCHITECTURE.md#inv-progress-durable): a lost
 * message is repaired by the driver's 5-second checks. Without a grid nothing is published.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ClusterSignals {
  private static final Logger LOG = Logger.getLogger(ClusterSignals.class.getName());

  static final String TOPIC = "felu-signals";
  static final String CONFIG_CHANGED = "config-changed";
  static final String NAMESERVERS_CHANGED = "nameservers-changed";
  static final String TSIG_KEYS_CHANGED = "tsig-keys-changed";
  static final String SERVED_EVERYWHERE = "served-everywhere";
  static final String RESYNC = "resync";

  /** Set while an event received from another instance is fired here: it is not sent back. */
  private static final ThreadLocal<Boolean> RELAYING = ThreadLocal.withInitial(() -> false);

  @Inject DataGrid grid;
  @Inject Event<ConfigChanged> configChanged;
  @Inject Event<NameserversChanged> nameserversChanged;
  @Inject Event<TsigKeysChanged> tsigKeysChanged;
  @Inject Event<ServedEverywhere> servedEverywhere;
  @Inject Event<ResyncRelayed> resyncs;

  @Resource ManagedExecutorService executor;
  @Resource ManagedScheduledExecutorService scheduler;

  private volatile HazelcastInstance subscribed;
  private volatile UUID registration;
  private ScheduledFuture<?> subscriber;
  private final LongAdder sent = new LongAdder();
  private final LongAdder received = new LongAdder();

  @PostConstruct
  void subscribeWhenTheGridRuns() {
    // Payara starts the grid after the applications: look again until it is there
    subscriber = scheduler.scheduleWithFixedDelay(this::topic, 0, 5, TimeUnit.SECONDS);
  }

  /** The topic, subscribed to on this grid member; empty without a grid. */
  private synchronized Optional<ITopic<String[]>> topic() {
    try {
      Optional<HazelcastInstance> hz = grid.instance();
      if (hz.isEmpty()) {
        subscribed = null;
        return Optional.empty();
      }
      ITopic<String[]> topic = hz.get().getTopic(TOPIC);
      if (subscribed != hz.get()) {
        registration = topic.addMessageListener(this::received);
        subscribed = hz.get();
        LOG.info("listening to the other management instances on the data grid's topic " + TOPIC);
      }
      return Optional.of(topic);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the data grid's topic " + TOPIC + " is not reachable: " + e, e);
      return Optional.empty();
    }
  }

  public void configChanged(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) ConfigChanged change) {
    publish(CONFIG_CHANGED, Long.toString(change.revision()), change.hash().hex());
  }

  public void nameserversChanged(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) NameserversChanged change) {
    publish(NAMESERVERS_CHANGED, change.name() == null ? "" : change.name());
  }

  public void tsigKeysChanged(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) TsigKeysChanged change) {
    publish(TSIG_KEYS_CHANGED, change.key() == null ? "" : change.key());
  }

  public void servedEverywhere(@Observes ServedEverywhere served) {
    publish(SERVED_EVERYWHERE, Long.toString(served.revision()));
  }

  /**
   * Asks the instance that drives the fleet for a forced full resync of {@code nameserver}.
   *
   * @return whether it was sent (false without a grid)
   */
  public boolean resync(String nameserver) {
    return publish(RESYNC, nameserver);
  }

  /** Messages published since start. */
  public long sentTotal() {
    return sent.sum();
  }

  /** Messages from other instances since start. */
  public long receivedTotal() {
    return received.sum();
  }

  private boolean publish(String kind, String... args) {
    if (RELAYING.get()) {
      return false; // it came from another instance, which told everyone
    }
    Optional<ITopic<String[]>> topic = topic();
    if (topic.isEmpty()) {
      return false;
    }
    String[] message = new String[args.length + 1];
    message[0] = kind;
    System.arraycopy(args, 0, message, 1, args.length);
    try {
      topic
          .get()
          .publishAsync(message)
          .exceptionally(
              e -> {
                LOG.warning("publishing " + kind + " to the other instances failed: " + e);
                return null;
              });
      sent.increment();
      return true;
    } catch (RuntimeException e) {
      LOG.warning("publishing " + kind + " to the other instances failed: " + e);
      return false;
    }
  }

  private void received(Message<String[]> message) {
    if (message.getPublishingMember() != null && message.getPublishingMember().localMember()) {
      return; // fired here already
    }
    String[] m = message.getMessageObject();
    received.increment();
    try {
      // off the grid's event thread, onto a container thread with the application's context
      executor.execute(() -> fire(m));
    } catch (RejectedExecutionException e) {
      LOG.warning("a message from another instance was dropped (no thread free): " + m[0]);
    }
  }

  private void fire(String[] m) {
    RELAYING.set(true);
    try {
      switch (m[0]) {
        case CONFIG_CHANGED ->
            configChanged.fire(new ConfigChanged(Long.parseLong(m[1]), ConfigHash.fromHex(m[2])));
        case NAMESERVERS_CHANGED ->
            nameserversChanged.fire(new NameserversChanged(m[1].isEmpty() ? null : m[1]));
        case TSIG_KEYS_CHANGED ->
            tsigKeysChanged.fire(new TsigKeysChanged(m[1].isEmpty() ? null : m[1]));
        case SERVED_EVERYWHERE -> servedEverywhere.fire(new ServedEverywhere(Long.parseLong(m[1])));
        case RESYNC -> resyncs.fire(new ResyncRelayed(m[1]));
        default -> LOG.warning("unknown message from another instance: " + m[0]);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a message from another instance failed here: " + m[0], e);
    } finally {
      RELAYING.remove();
    }
  }

  @PreDestroy
  void unsubscribe() {
    if (subscriber != null) {
      subscriber.cancel(false);
    }
    HazelcastInstance hz = subscribed;
    UUID id = registration;
    if (hz != null && id != null) {
      try {
        hz.getTopic(TOPIC).removeMessageListener(id);
      } catch (RuntimeException e) {
        LOG.fine("unsubscribing from " + TOPIC + ": " + e);
      }
    }
  }
}
