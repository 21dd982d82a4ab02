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

  /**
   * Why a config link of leadership {@code epoch} would be refused now (a link of a higher epoch is
   * open), or null when it would be admitted: asked at the handshake so that the refused side reads
   * HTTP 409 with the reason. Counts the refusal.
   */
  String refuseConfigLink(long epoch);

  /**
   * Admits an authenticated config link of leadership {@code epoch}: one link at a time, a link of
   * an equal or higher epoch replacing the open one ({@code dev.felu.ns.config.ConfigLinks}).
   *
   * @param close closes this link's session when a newer link supersedes it
   * @return the link's id, to be given with its frames and at its end
   * @throws ConfigLinkRefused when a link of a higher epoch is open
   */
  long openConfigLink(long epoch, Runnable close) throws ConfigLinkRefused;

  /**
   * Handles one frame of link {@code link} as {@link #handleConfigFrame(byte[])} does, or returns
   * null (and applies nothing) when that link was superseded meanwhile.
   */
  byte[] handleConfigFrame(long link, byte[] frame);

  /** Link {@code link} ended: when it was the open link, its unfinished transfer is discarded. */
  void configLinkClosed(long link);

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
