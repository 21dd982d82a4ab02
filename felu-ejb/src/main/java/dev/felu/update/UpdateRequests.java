package dev.felu.update;

import java.io.IOException;
import java.net.InetAddress;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;

/**
 * One request to the UPDATE endpoint from its bytes to the answer's, as plain Java: parsed (garbage
 * is dropped, no answer), an opcode other than UPDATE answered NOTIMP, TSIG checked (unsigned:
 * REFUSED; a failed TSIG: NOTAUTH with BADKEY, BADSIG or BADTIME), the key's rate limit, then the
 * update itself ({@link Updates}, in the container {@link DynamicUpdateService}), and the answer
 * signed with the request's key. Every answered request is counted by key, zone and result.
 */
public final class UpdateRequests {
  private static final Logger LOG = Logger.getLogger(UpdateRequests.class.getName());

  /** Applies one verified UPDATE; the answer is sent after it returns (after the commit). */
  @FunctionalInterface
  public interface Updates {
    UpdateResult apply(Message request, Name key, String address);
  }

  /**
   * What an UPDATE came to.
   *
   * @param zone the felu zone it named, or null when it named none (the metrics count only felu's
   *     zones)
   * @param revision the revision the change committed, or -1 when nothing changed
   */
  public record UpdateResult(int rcode, Name zone, String reason, long revision) {
    public UpdateResult(int rcode, Name zone, String reason) {
      this(rcode, zone, reason, -1);
    }
  }

  /**
   * Waits, bounded, until every enabled nameserver serves a revision ({@code
   * felu.update.wait-served-seconds}); returns at once when there is nothing to wait for.
   */
  @FunctionalInterface
  public interface Served {
    void await(long revision);

    Served NO_WAIT = revision -> {};
  }

  private final Supplier<UpdateTsig> keys;
  private final Updates updates;
  private final KeyRateLimit rateLimit;
  private final UpdateMetrics metrics;
  private final Served served;

  public UpdateRequests(
      Supplier<UpdateTsig> keys, Updates updates, KeyRateLimit rateLimit, UpdateMetrics metrics) {
    this(keys, updates, rateLimit, metrics, Served.NO_WAIT);
  }

  /** As the other constructor, answering an accepted change only once it is served (bounded). */
  public UpdateRequests(
      Supplier<UpdateTsig> keys,
      Updates updates,
      KeyRateLimit rateLimit,
      UpdateMetrics metrics,
      Served served) {
    this.keys = keys;
    this.updates = updates;
    this.rateLimit = rateLimit;
    this.metrics = metrics;
    this.served = served;
  }

  /** The answer's bytes, or null to drop the request. */
  public byte[] handle(byte[] wire, InetAddress from) {
    Message request;
    try {
      request = new Message(wire);
    } catch (IOException | RuntimeException e) {
      metrics.count(null, null, "dropped");
      return null;
    }
    if (request.getHeader().getFlag(org.xbill.DNS.Flags.QR)) {
      metrics.count(null, null, "dropped");
      return null;
    }
    if (request.getHeader().getOpcode() != Opcode.UPDATE) {
      metrics.count(null, null, "NOTIMP");
      return UpdateAnswers.response(request, Rcode.NOTIMP).toWire();
    }
    UpdateTsig.Verification tsig;
    try {
      tsig = keys.get().verify(request, wire);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the TSIG key store could not be read", e);
      metrics.count(null, null, "SERVFAIL");
      return UpdateAnswers.response(request, Rcode.SERVFAIL).toWire();
    }
    if (!tsig.signed()) {
      metrics.count(null, null, "REFUSED");
      return UpdateAnswers.response(request, Rcode.REFUSED).toWire();
    }
    if (!tsig.verified()) {
      // the key name a failed request claims is not counted: it could be anything
      metrics.count(null, null, Rcode.TSIGstring(tsig.error()));
      return UpdateTsig.refusal(request, tsig);
    }
    Name key = tsig.key();
    if (!rateLimit.tryAcquire(key)) {
      metrics.count(key, null, "ratelimited");
      return UpdateTsig.signed(UpdateAnswers.response(request, Rcode.REFUSED), tsig);
    }
    UpdateResult result = apply(request, key, from);
    if (result.rcode() == Rcode.NOERROR && result.revision() >= 0) {
      try {
        served.await(result.revision());
      } catch (RuntimeException e) {
        // the change is committed: the answer says so even when its propagation cannot be read
        LOG.log(Level.FINE, "waiting for revision " + result.revision() + " to be served", e);
      }
    }
    metrics.count(key, result.zone(), Rcode.string(result.rcode()));
    if (result.rcode() != Rcode.NOERROR) {
      LOG.fine(
          () -> "UPDATE by " + key + ": " + Rcode.string(result.rcode()) + " " + result.reason());
    }
    return UpdateTsig.signed(UpdateAnswers.response(request, result.rcode()), tsig);
  }

  private UpdateResult apply(Message request, Name key, InetAddress from) {
    try {
      return updates.apply(request, key, from == null ? null : from.getHostAddress());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "UPDATE signed by " + key + " failed", e);
      return new UpdateResult(Rcode.SERVFAIL, null, "failed: " + e);
    }
  }
}
