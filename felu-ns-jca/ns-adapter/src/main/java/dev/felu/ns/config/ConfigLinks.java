package dev.felu.ns.config;

import java.util.concurrent.atomic.LongAdder;

/**
 * One config link at a time, chosen by the management side's leadership epoch
 * (ARCHITECTURE.md#flow-cluster): a nameserver takes configuration from one management instance
 * only, the one that drives the fleet now. A new authenticated link whose epoch is at least the
 * open link's replaces it (the old one is closed: a driver that reconnects after a half-open link,
 * or a new driver after a takeover, is never locked out); a link of a lower epoch is refused while
 * the newer one is open, so a former driver that has not yet noticed it lost its lead cannot push
 * beside the new one. With no link open any authenticated link is admitted: a nameserver remembers
 * nothing, and epochs only have to order the drivers that overlap.
 *
 * <p>Plain Java and thread-safe; the config endpoint asks it at every handshake and at every link's
 * end, and the engine before every frame ({@link #isCurrent}).
 */
public final class ConfigLinks {
  /** What became of a link that asked to be admitted. */
  public record Admission(boolean admitted, long link, Runnable superseded, String reason) {
    /** The admitted link's id, to be given back with each of its frames and at its end. */
    public long link() {
      return link;
    }
  }

  private long nextLink = 1;
  private long openLink; // 0: none
  private long openEpoch = -1;
  private Runnable closeOpen;
  private final LongAdder refused = new LongAdder();
  private final LongAdder superseded = new LongAdder();

  /**
   * Whether a link of {@code epoch} would be admitted now: answered at the handshake, before the
   * connection is upgraded, so a refused driver reads a plain HTTP status. {@link #admit} decides.
   *
   * @return null when it would be, else why not
   */
  public synchronized String wouldRefuse(long epoch) {
    return openLink != 0 && epoch < openEpoch ? refusal(epoch) : null;
  }

  /**
   * Admits a new authenticated link of leadership {@code epoch}, or refuses it.
   *
   * @param close closes this link's session (called, once, when a newer link supersedes it)
   * @return admitted with the link's id and the superseded link's close action (run it, outside any
   *     lock of the caller's, or ignore it when null); or refused with the reason
   */
  public synchronized Admission admit(long epoch, Runnable close) {
    if (epoch < 0) {
      throw new IllegalArgumentException("a leadership epoch is not negative: " + epoch);
    }
    if (openLink != 0 && epoch < openEpoch) {
      refused.increment();
      return new Admission(false, 0, null, refusal(epoch));
    }
    Runnable before = openLink == 0 ? null : closeOpen;
    if (before != null) {
      superseded.increment();
    }
    openLink = nextLink++;
    openEpoch = epoch;
    closeOpen = close;
    return new Admission(true, openLink, before, null);
  }

  /** Counts a refusal made before {@link #admit} (at the handshake, by {@link #wouldRefuse}). */
  public void refusedAtHandshake() {
    refused.increment();
  }

  private String refusal(long epoch) {
    return "a config link of a newer leadership epoch is open ("
        + openEpoch
        + "; this one "
        + epoch
        + "): another management instance drives this nameserver now";
  }

  /** Whether {@code link} is the open link (a superseded link's frames are not applied). */
  public synchronized boolean isCurrent(long link) {
    return link != 0 && link == openLink;
  }

  /**
   * The link ended.
   *
   * @return whether it was the open link (then a transfer it was sending is to be discarded)
   */
  public synchronized boolean closed(long link) {
    if (link == 0 || link != openLink) {
      return false;
    }
    openLink = 0;
    closeOpen = null;
    // the epoch stays readable for metrics until the next link; admission ignores it
    return true;
  }

  /** The open link's epoch, or the last one's while none is open; -1 before the first. */
  public synchronized long epoch() {
    return openEpoch;
  }

  /** Whether a config link is open now. */
  public synchronized boolean open() {
    return openLink != 0;
  }

  /** Links refused because a link of a higher epoch was open. */
  public long refusedTotal() {
    return refused.sum();
  }

  /** Open links closed because a link of an equal or higher epoch replaced them. */
  public long supersededTotal() {
    return superseded.sum();
  }
}
