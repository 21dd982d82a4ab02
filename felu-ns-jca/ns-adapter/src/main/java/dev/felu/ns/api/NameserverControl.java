package dev.felu.ns.api;

import java.util.Optional;

/** The nameserver as the config endpoint and the health checks see it. */
public interface NameserverControl {
  /**
   * Handles one protocol frame from the management server and returns the reply frame. Never throws
   * for bad input: a malformed frame gets a reply that says what is wrong.
   */
  byte[] handleConfigFrame(byte[] frame);

  /**
   * The management link closed: a transfer it was sending is discarded (the configuration in use
   * stays).
   */
  void configLinkClosed();

  /** True once a configuration has been applied and the DNS listeners are bound. */
  boolean isServing();

  /** Revision and short hash of the configuration held, for health output and logs. */
  String describeConfig();

  /**
   * Why the last configuration offered was refused for lack of memory ("not enough memory for
   * revision N: needs ≈ X MB, heap max Y MB; keeping revision M"), while the revision kept is still
   * served; empty once a configuration is applied. Shown by the readiness check.
   */
  Optional<String> configRefusal();

  /** Live counters and gauges for the metrics endpoint. */
  NameserverMetrics metrics();

  /**
   * Why this nameserver is broken beyond what waiting for config can fix (a DNS listener loop ended
   * while it should run), or empty when it is alive. Drives the liveness check.
   */
  Optional<String> failure();
}
