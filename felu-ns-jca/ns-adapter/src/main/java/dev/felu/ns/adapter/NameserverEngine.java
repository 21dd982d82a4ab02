package dev.felu.ns.adapter;

import dev.felu.metrics.LatencyHistogram;
import dev.felu.ns.api.ConfigLinkRefused;
import dev.felu.ns.api.NameserverControl;
import dev.felu.ns.api.NameserverMetrics;
import dev.felu.ns.config.ConfigLinks;
import dev.felu.ns.config.ConfigReceiver;
import dev.felu.ns.config.MemoryGuard;
import dev.felu.ns.dns.DnsListeners;
import dev.felu.ns.dns.DnsStats;
import dev.felu.ns.dns.ListenerSettings;
import dev.felu.ns.dns.Responder;
import dev.felu.ns.dns.ResponderSettings;
import dev.felu.ns.dns.TaskRunner;
import dev.felu.ns.xfr.IxfrJournal;
import dev.felu.ns.xfr.NotifySender;
import dev.felu.ns.xfr.TransferLimiter;
import dev.felu.ns.xfr.TransferPolicy;
import dev.felu.ns.xfr.Transfers;
import dev.felu.ns.zone.ZoneData;
import dev.felu.ns.zone.ZoneTable;
import dev.felu.protocol.Message;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * One nameserver, container-free: config receiver, responder and listeners wired together. The DNS
 * listeners are bound only after the first configuration is applied
 * (ARCHITECTURE.md#flow-new-nameserver): until then the nameserver answers no DNS at all rather
 * than wrong answers.
 */
public final class NameserverEngine implements NameserverControl, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(NameserverEngine.class.getName());

  /** The NOTIFY loop goes round each second; silent this long, it is stuck. */
  private static final long NOTIFY_STALL_NANOS = 30_000_000_000L;

  private final ListenerSettings settings;
  private final TaskRunner runner;
  private final ConfigReceiver receiver;
  private final Responder responder;
  private final Transfers transfers;
  private final DnsStats stats = new DnsStats();
  private final Metrics metrics = new Metrics();
  private final LongAdder applies = new LongAdder();

  /** One config link at a time, by leadership epoch. */
  private final ConfigLinks links = new ConfigLinks();

  /** Admission and frames of the config links in turn, so a superseded link applies nothing. */
  private final Object configLock = new Object();

  private volatile long lastApplyEpochMillis;
  private volatile long lastApplyNanos;
  private final NotifySender.Settings notifySettings;
  private volatile DnsListeners listeners;
  private volatile NotifySender notifier;
  private volatile boolean notifyLoopEnded;
  private volatile boolean closed;

  public NameserverEngine(ListenerSettings settings, TaskRunner runner) {
    this(settings, new ResponderSettings(settings.maxUdpPayload(), null, null), runner);
  }

  public NameserverEngine(
      ListenerSettings settings, ResponderSettings responderSettings, TaskRunner runner) {
    this(settings, responderSettings, Transfers.Settings.DEFAULTS, runner);
  }

  public NameserverEngine(
      ListenerSettings settings,
      ResponderSettings responderSettings,
      Transfers.Settings transferSettings,
      TaskRunner runner) {
    this(settings, responderSettings, transferSettings, NotifySender.Settings.DEFAULTS, runner);
  }

  public NameserverEngine(
      ListenerSettings settings,
      ResponderSettings responderSettings,
      Transfers.Settings transferSettings,
      NotifySender.Settings notifySettings,
      TaskRunner runner) {
    this.settings = settings;
    this.notifySettings = notifySettings;
    this.runner = runner;
    IxfrJournal journal =
        new IxfrJournal(transferSettings.journalMaxEntries(), transferSettings.journalMaxBytes());
    this.receiver =
        new ConfigReceiver(
            this::startServing,
            this::isServing,
            MemoryGuard.ofThisJvm(),
            journal,
            this::notifySecondaries);
    this.responder = new Responder(this::table, responderSettings);
    this.transfers =
        new Transfers(
            receiver::served,
            journal,
            new TransferLimiter(transferSettings.maxConcurrent()),
            responderSettings.maxUdpPayload());
  }

  ZoneTable table() {
    return receiver.current();
  }

  private synchronized String startServing(ZoneTable applied) {
    if (listeners != null || closed) {
      return null;
    }
    try {
      listeners = DnsListeners.start(settings, responder, runner, stats, transfers);
      LOG.info("answering DNS on " + listeners.address() + " (UDP and TCP)");
    } catch (Exception e) {
      LOG.severe("config applied but DNS cannot start: " + e.getMessage());
      return "config applied but DNS cannot start: " + e.getMessage();
    }
    try {
      NotifySender sender = new NotifySender(notifySettings, listeners.address().getAddress());
      sender.open();
      runner.start(
          "dns-notify",
          () -> {
            try {
              sender.run();
            } finally {
              if (!closed) {
                notifyLoopEnded = true;
              }
            }
          });
      notifier = sender;
      return null;
    } catch (Exception e) {
      // DNS is served; only NOTIFY is missing, and the liveness check says so
      notifyLoopEnded = true;
      LOG.severe("NOTIFY to secondaries cannot start: " + e.getMessage());
      return null;
    }
  }

  /** NOTIFY each changed zone's secondaries (on the config thread, after the swap). */
  private void notifySecondaries(List<ZoneData> zones, TransferPolicy policy) {
    NotifySender n = notifier;
    if (n == null) {
      return;
    }
    for (ZoneData z : zones) {
      List<Message.NotifyTarget> targets = policy.secondaries(z.origin());
      if (!targets.isEmpty()) {
        n.zoneChanged(z.origin(), z.soa(), targets, policy.keys());
      }
    }
  }

  /** The bound DNS address (useful when the configured port was 0), or null before serving. */
  public InetSocketAddress dnsAddress() throws IOException {
    DnsListeners l = listeners;
    return l == null ? null : l.address();
  }

  /** What the DNS listeners have counted, or null before serving. */
  public DnsStats dnsStats() {
    DnsListeners l = listeners;
    return l == null ? null : l.stats();
  }

  @Override
  public byte[] handleConfigFrame(byte[] frame) {
    // timed here, around the receiver, so that its apply path stays free of metrics: an apply is
    // any frame after which another table is served
    ZoneTable before = receiver.current();
    long started = System.nanoTime();
    byte[] reply = receiver.handle(frame);
    if (receiver.current() != before) {
      lastApplyNanos = System.nanoTime() - started;
      lastApplyEpochMillis = System.currentTimeMillis();
      applies.increment();
    }
    return reply;
  }

  @Override
  public void configLinkClosed() {
    receiver.linkClosed();
  }

  @Override
  public String refuseConfigLink(long epoch) {
    String why = links.wouldRefuse(epoch);
    if (why != null) {
      links.refusedAtHandshake();
      LOG.warning("refused a config link: " + why);
    }
    return why;
  }

  @Override
  public long openConfigLink(long epoch, Runnable close) throws ConfigLinkRefused {
    ConfigLinks.Admission a;
    synchronized (configLock) {
      a = links.admit(epoch, close);
      if (a.admitted() && a.superseded() != null) {
        // whatever the superseded link was sending is discarded before the new link's first frame
        receiver.linkClosed();
      }
    }
    if (!a.admitted()) {
      LOG.warning("refused a config link: " + a.reason());
      throw new ConfigLinkRefused(a.reason());
    }
    if (a.superseded() != null) {
      LOG.info("a config link of leadership epoch " + epoch + " replaces the open one");
      try {
        a.superseded().run();
      } catch (RuntimeException e) {
        LOG.warning("closing the superseded config link failed: " + e);
      }
    }
    return a.link();
  }

  @Override
  public byte[] handleConfigFrame(long link, byte[] frame) {
    synchronized (configLock) {
      return links.isCurrent(link) ? handleConfigFrame(frame) : null;
    }
  }

  @Override
  public void configLinkClosed(long link) {
    synchronized (configLock) {
      if (links.closed(link)) {
        receiver.linkClosed();
      }
    }
  }

  @Override
  public boolean isServing() {
    return listeners != null;
  }

  @Override
  public String describeConfig() {
    ZoneTable t = receiver.current();
    return "revision "
        + t.revision()
        + ", hash "
        + t.hash().shortHex()
        + ", "
        + t.zoneCount()
        + " zones";
  }

  @Override
  public Optional<String> configRefusal() {
    return receiver.memoryRefusal();
  }

  @Override
  public NameserverMetrics metrics() {
    return metrics;
  }

  @Override
  public Optional<String> failure() {
    DnsListeners l = listeners;
    Set<String> ended = new java.util.TreeSet<>(l == null ? Set.of() : l.endedLoops());
    NotifySender n = notifier;
    if (notifyLoopEnded
        || (n != null && System.nanoTime() - n.heartbeatNanos() > NOTIFY_STALL_NANOS)) {
      ended.add("dns-notify");
    }
    return ended.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "DNS listener loops ended: " + String.join(", ", ended.stream().sorted().toList()));
  }

  /** The engine's counters as the metrics endpoint reads them. */
  private final class Metrics implements NameserverMetrics {
    @Override
    public long configLinkEpoch() {
      return links.epoch();
    }

    @Override
    public long configLinksRefused() {
      return links.refusedTotal();
    }

    @Override
    public long configLinksSuperseded() {
      return links.supersededTotal();
    }

    @Override
    public long queries(int protocol, int qtype, int rcode) {
      return stats.queries(protocol, qtype, rcode);
    }

    @Override
    public long received(int protocol) {
      return stats.received(protocol);
    }

    @Override
    public long dropped(int protocol) {
      return stats.dropped(protocol);
    }

    @Override
    public long malformed(int protocol) {
      return stats.malformed(protocol);
    }

    @Override
    public long responderFailures(int protocol) {
      return stats.failures(protocol);
    }

    @Override
    public LatencyHistogram responseTime(int protocol) {
      return stats.responseTime(protocol);
    }

    @Override
    public long rateLimitDropped() {
      return stats.rateLimitDropped();
    }

    @Override
    public long rateLimitSlipped() {
      return stats.rateLimitSlipped();
    }

    @Override
    public long tcpConnectionsOpen() {
      return stats.tcpConnectionsOpen();
    }

    @Override
    public long tcpConnectionsAccepted() {
      return stats.tcpConnectionsAccepted();
    }

    @Override
    public long tcpConnectionsEvicted() {
      return stats.tcpConnectionsEvicted();
    }

    @Override
    public long tcpConnectionsTimedOut() {
      return stats.tcpConnectionsTimedOut();
    }

    @Override
    public long tcpConnectionsThrottled() {
      return stats.tcpConnectionsThrottled();
    }

    @Override
    public long configRevision() {
      return receiver.current().revision();
    }

    @Override
    public int zones() {
      return receiver.current().zoneCount();
    }

    @Override
    public long records() {
      return receiver.current().recordCount();
    }

    @Override
    public long configApplies() {
      return applies.sum();
    }

    @Override
    public long lastApplyEpochMillis() {
      return lastApplyEpochMillis;
    }

    @Override
    public long lastApplyNanos() {
      return lastApplyNanos;
    }

    @Override
    public long configRefusedForMemory() {
      return receiver.memoryRefusals();
    }

    @Override
    public long configMemoryNeededBytes() {
      return receiver.lastNeededBytes();
    }

    @Override
    public long heapMaxBytes() {
      return receiver.guard().heapMax();
    }

    @Override
    public long transfers(String result) {
      return transfers.count(result);
    }

    @Override
    public long transfersActive() {
      return transfers.limiter().active();
    }

    @Override
    public long ixfrJournalBytes() {
      return transfers.journal().sizeBytes();
    }

    @Override
    public long ixfrJournalEntries() {
      return transfers.journal().entryCount();
    }

    @Override
    public long notifies(String result) {
      NotifySender n = notifier;
      return n == null ? 0 : n.count(result);
    }

    @Override
    public long notifyMessagesSent() {
      NotifySender n = notifier;
      return n == null ? 0 : n.messagesSent();
    }

    @Override
    public long notifiesPending() {
      NotifySender n = notifier;
      return n == null ? 0 : n.pending();
    }
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (notifier != null) {
      notifier.close();
      notifier = null;
    }
    if (listeners != null) {
      listeners.close();
      listeners = null;
    }
  }
}
