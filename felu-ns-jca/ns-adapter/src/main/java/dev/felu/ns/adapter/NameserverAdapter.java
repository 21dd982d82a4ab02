package dev.felu.ns.adapter;

import dev.felu.ns.dns.ListenerSettings;
import dev.felu.ns.dns.RateLimitSettings;
import dev.felu.ns.dns.ResponderSettings;
import dev.felu.ns.dns.TaskRunner;
import dev.felu.ns.xfr.NotifySender;
import dev.felu.ns.xfr.Transfers;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.logging.Logger;
import javax.transaction.xa.XAResource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The nameserver resource adapter. {@link #start} only prepares the engine: the DNS listeners bind
 * when the first configuration arrives through the web app's config endpoint.
 */
@Connector(
    displayName = "felu nameserver",
    vendorName = "felu",
    eisType = "DNS",
    version = "0.1",
    transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction)
public class NameserverAdapter implements ResourceAdapter {
  private static final Logger LOG = Logger.getLogger(NameserverAdapter.class.getName());

  private volatile NameserverEngine engine;

  @Override
  public void start(BootstrapContext context) throws ResourceAdapterInternalException {
    WorkManager workManager = context.getWorkManager();
    TaskRunner runner = (name, task) -> workManager.scheduleWork(new NamedWork(name, task));
    ListenerSettings settings;
    Transfers.Settings transfers;
    NotifySender.Settings notify;
    try {
      settings = settings();
      transfers = transferSettings();
      notify = notifySettings();
    } catch (IllegalArgumentException e) {
      // a bad setting refuses the deployment, with the key in the message, rather than serving
      // with a value the operator did not mean
      LOG.severe("nameserver not started: " + e.getMessage());
      throw new ResourceAdapterInternalException("nameserver not started: " + e.getMessage(), e);
    }
    engine = new NameserverEngine(settings, responderSettings(settings), transfers, notify, runner);
    LOG.info(
        "nameserver adapter started; DNS on "
            + settings.address()
            + " once config arrives; "
            + describe(settings.rateLimit()));
  }

  @Override
  public void stop() {
    NameserverEngine e = engine;
    if (e != null) {
      try {
        e.close();
      } catch (IOException ex) {
        LOG.warning("closing DNS listeners: " + ex.getMessage());
      }
    }
  }

  NameserverEngine engine() {
    NameserverEngine e = engine;
    if (e == null) {
      throw new IllegalStateException("nameserver adapter is not started");
    }
    return e;
  }

  /**
   * Reads felu.ns.dns.* and felu.ns.rrl.* from MicroProfile Config (system properties, env, config
   * files).
   */
  static ListenerSettings settings() {
    Config config = ConfigProvider.getConfig(NameserverAdapter.class.getClassLoader());
    String host = config.getOptionalValue("felu.ns.dns.address", String.class).orElse("127.0.0.1");
    int port = config.getOptionalValue("felu.ns.dns.port", Integer.class).orElse(53);
    return new ListenerSettings(
        new InetSocketAddress(host, port),
        config.getOptionalValue("felu.ns.dns.max-udp-payload", Integer.class).orElse(1232),
        config.getOptionalValue("felu.ns.dns.udp-workers", Integer.class).orElse(2),
        config.getOptionalValue("felu.ns.dns.tcp-max-connections", Integer.class).orElse(64),
        config.getOptionalValue("felu.ns.dns.tcp-idle-timeout-ms", Integer.class).orElse(10_000),
        RateLimitSettings.read(key -> config.getOptionalValue(key, String.class)));
  }

  private static String describe(RateLimitSettings rrl) {
    if (!rrl.enabled()) {
      return "response rate limiting off";
    }
    return "response rate limiting at "
        + rrl.responsesPerSecond()
        + "/s per /"
        + rrl.ipv4Prefix()
        + " and /"
        + rrl.ipv6Prefix()
        + ", slip "
        + rrl.slip()
        + ", "
        + rrl.tableSize()
        + " buckets, whitelist "
        + rrl.whitelist();
  }

  /** Reads felu.ns.xfr.* (zone transfers: concurrency and the IXFR journal's bounds). */
  static Transfers.Settings transferSettings() {
    Config config = ConfigProvider.getConfig(NameserverAdapter.class.getClassLoader());
    Transfers.Settings d = Transfers.Settings.DEFAULTS;
    return new Transfers.Settings(
        config
            .getOptionalValue("felu.ns.xfr.max-concurrent", Integer.class)
            .orElse(d.maxConcurrent()),
        config
            .getOptionalValue("felu.ns.xfr.journal-max-bytes", Long.class)
            .orElse(d.journalMaxBytes()),
        config
            .getOptionalValue("felu.ns.xfr.journal-max-entries", Integer.class)
            .orElse(d.journalMaxEntries()));
  }

  /** Reads felu.ns.notify.* (NOTIFY to secondaries: timeout, retries, queue bound). */
  static NotifySender.Settings notifySettings() {
    Config config = ConfigProvider.getConfig(NameserverAdapter.class.getClassLoader());
    NotifySender.Settings d = NotifySender.Settings.DEFAULTS;
    return new NotifySender.Settings(
        config.getOptionalValue("felu.ns.notify.timeout-ms", Long.class).orElse(d.timeoutMillis()),
        config.getOptionalValue("felu.ns.notify.retries", Integer.class).orElse(d.retries()),
        config
            .getOptionalValue("felu.ns.notify.max-pending", Integer.class)
            .orElse(d.maxPending()));
  }

  /** Reads felu.ns.chaos.* (CHAOS identification answers, off unless set). */
  static ResponderSettings responderSettings(ListenerSettings listeners) {
    Config config = ConfigProvider.getConfig(NameserverAdapter.class.getClassLoader());
    return new ResponderSettings(
        listeners.maxUdpPayload(),
        config.getOptionalValue("felu.ns.chaos.version", String.class).orElse(null),
        config.getOptionalValue("felu.ns.chaos.identity", String.class).orElse(null));
  }

  @Override
  public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec)
      throws ResourceException {
    throw new NotSupportedException("the nameserver adapter has no inbound endpoints");
  }

  @Override
  public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {}

  @Override
  public XAResource[] getXAResources(ActivationSpec[] specs) {
    return new XAResource[0];
  }

  // JCA 1.7 §5.3.1: a resource adapter JavaBean must define equals and hashCode
  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  private record NamedWork(String name, Runnable task) implements Work {
    @Override
    public void run() {
      Thread.currentThread().setName("felu-" + name);
      task.run();
    }

    @Override
    public void release() {
      // loops end when their sockets close in NameserverAdapter.stop()
    }
  }
}
