package dev.felu.ns.adapter;

import dev.felu.ns.api.NameserverControl;
import dev.felu.ns.config.ConfigReceiver;
import dev.felu.ns.dns.DnsListeners;
import dev.felu.ns.dns.DnsStats;
import dev.felu.ns.dns.ListenerSettings;
import dev.felu.ns.dns.Responder;
import dev.felu.ns.dns.ResponderSettings;
import dev.felu.ns.dns.TaskRunner;
import dev.felu.ns.zone.ZoneTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.logging.Logger;

/**
 * One nameserver, container-free: config receiver, responder and listeners wired together. The DNS
 * listeners are bound only after the first configuration is applied (architecture flow 3): until
 * then the nameserver answers no DNS at all rather than wrong answers.
 */
public final class NameserverEngine implements NameserverControl, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(NameserverEngine.class.getName());

  private final ListenerSettings settings;
  private final TaskRunner runner;
  private final ConfigReceiver receiver;
  private final Responder responder;
  private volatile DnsListeners listeners;
  private volatile boolean closed;

  public NameserverEngine(ListenerSettings settings, TaskRunner runner) {
    this(settings, new ResponderSettings(settings.maxUdpPayload(), null, null), runner);
  }

  public NameserverEngine(
      ListenerSettings settings, ResponderSettings responderSettings, TaskRunner runner) {
    this.settings = settings;
    this.runner = runner;
    this.receiver = new ConfigReceiver(this::startServing, this::isServing);
    this.responder = new Responder(this::table, responderSettings);
  }

  ZoneTable table() {
    return receiver.current();
  }

  private synchronized String startServing(ZoneTable applied) {
    if (listeners != null || closed) {
      return null;
    }
    try {
      listeners = DnsListeners.start(settings, responder, runner);
      LOG.info("answering DNS on " + listeners.address() + " (UDP and TCP)");
      return null;
    } catch (Exception e) {
      LOG.severe("config applied but DNS cannot start: " + e.getMessage());
      return "config applied but DNS cannot start: " + e.getMessage();
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
    return receiver.handle(frame);
  }

  @Override
  public void configLinkClosed() {
    receiver.linkClosed();
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
  public synchronized void close() throws IOException {
    closed = true;
    if (listeners != null) {
      listeners.close();
      listeners = null;
    }
  }
}
