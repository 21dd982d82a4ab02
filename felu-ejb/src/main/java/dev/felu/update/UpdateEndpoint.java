package dev.felu.update;

import dev.felu.config.Propagation;
import dev.felu.update.UpdateRequests.UpdateResult;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/**
 * The RFC 2136 UPDATE endpoint of the management server (the single writer; the nameservers never
 * take an update): UDP and TCP on {@code felu.update.address}:{@code felu.update.port}, off unless
 * the port is set. Its loops run on threads of the container's default managed thread factory
 * ({@code java:comp/DefaultManagedThreadFactory}), started here at deployment and stopped in {@link
 * #stop}; each request goes through {@link UpdateRequests} to {@link DynamicUpdateService} (one
 * transaction per UPDATE), a zone transfer through {@link UpdateTransfers} to {@link
 * UpdateTransferReader}. See ARCHITECTURE.md#flow-dynamic-update.
 */
@Singleton
@Startup
@DependsOn("ConfigBootstrap") // the schema and the head row exist before an update can arrive
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class UpdateEndpoint {
  private static final Logger LOG = Logger.getLogger(UpdateEndpoint.class.getName());

  @Inject
  @ConfigProperty(name = "felu.update.port")
  Optional<Integer> port;

  @Inject
  @ConfigProperty(name = "felu.update.address", defaultValue = "127.0.0.1")
  String address;

  @Inject
  @ConfigProperty(name = "felu.update.max-tcp-connections", defaultValue = "32")
  int maxConnections;

  @Inject
  @ConfigProperty(name = "felu.update.tcp-read-timeout-seconds", defaultValue = "10")
  int readTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "felu.update.rate-per-key", defaultValue = "50")
  double ratePerKey;

  @Inject
  @ConfigProperty(name = "felu.update.wait-served-seconds", defaultValue = "0")
  int waitServedSeconds;

  @Inject
  @ConfigProperty(name = "felu.update.axfr-max-records", defaultValue = "100000")
  int axfrMaxRecords;

  @Inject
  @ConfigProperty(name = "felu.update.max-transfers", defaultValue = "4")
  int maxTransfers;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threads;

  @Inject UpdateKeys keys;
  @Inject UpdateMetrics metrics;
  @Inject UpdateLatency latency;
  @Inject DynamicUpdateService updates;
  @Inject Propagation propagation;
  @Inject UpdateTransferReader transferReader;

  private UpdateListener listener;

  @PostConstruct
  void start() {
    if (port.isEmpty()) {
      LOG.info("UPDATE endpoint off (felu.update.port is not set)");
      return;
    }
    UpdateRequests requests =
        new UpdateRequests(
            keys::ring,
            this::apply,
            new KeyRateLimit(ratePerKey, System::nanoTime),
            metrics,
            this::committed,
            updates::soaOf);
    UpdateTransfers transfers =
        new UpdateTransfers(
            keys::ring,
            transferReader,
            metrics,
            new UpdateTransfers.Limits(Math.max(1, axfrMaxRecords), Math.max(1, maxTransfers)));
    try {
      listener =
          UpdateListener.start(
              new UpdateListener.Settings(
                  InetAddress.getByName(address),
                  port.get(),
                  Math.max(1, maxConnections),
                  Duration.ofSeconds(Math.max(1, readTimeoutSeconds))),
              threads,
              (wire, from) -> transfers.udp(wire, from, requests::handle),
              (wire, from) -> transfers.tcp(wire, from, requests::handle));
      LOG.info("UPDATE endpoint on " + address + " port " + listener.port() + " (UDP and TCP)");
    } catch (IOException e) {
      // the application runs without it; the log says why
      LOG.log(Level.SEVERE, "UPDATE endpoint could not bind " + address + ":" + port.get(), e);
    }
  }

  private UpdateResult apply(Message request, Name key, String from) {
    return updates.update(request, key, from);
  }

  /** An UPDATE's change committed: its latency is measured, and its answer may wait. */
  private void committed(long revision, long receivedNanos) {
    latency.committed(revision, receivedNanos);
    if (waitServedSeconds > 0) {
      awaitServed(revision);
    }
  }

  /**
   * Polls the change's propagation until every enabled nameserver serves it (or none is enabled),
   * for at most {@code felu.update.wait-served-seconds}: a client that checks the nameservers after
   * the answer (an ACME client's propagation wait) then finds the change there.
   */
  private void awaitServed(long revision) {
    long until = System.nanoTime() + waitServedSeconds * 1_000_000_000L;
    while (System.nanoTime() < until) {
      if (!"PENDING".equals(propagation.of(revision).state())) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The bound port, or -1 when the endpoint is off. */
  public int boundPort() {
    return listener == null ? -1 : listener.port();
  }

  @PreDestroy
  void stop() {
    if (listener != null) {
      listener.close();
      listener = null;
    }
  }
}
