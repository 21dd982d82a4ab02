package dev.felu.update;

import java.io.IOException;
import java.net.InetAddress;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One request to the UPDATE endpoint from its bytes to the answer's, as plain Java: parsed (garbage
 * is dropped, no answer), a query for a felu zone's SOA answered from the zones ({@link Soas}:
 * update clients ask it first), another opcode answered NOTIMP, TSIG checked (unsigned: REFUSED; a
 * failed TSIG: NOTAUTH with BADKEY, BADSIG or BADTIME), the key's rate limit, then the update
 * itself ({@link Updates}, in the container {@link DynamicUpdateService}), and the answer signed
 * with the request's key. Every answered request is counted by key, zone and result; a refusal no
 * key verified is also logged, at most once a minute ({@link UnverifiedRefusals}), never audited.
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
   * Told that an UPDATE received at {@code receivedNanos} ({@link System#nanoTime}) committed
   * {@code revision} (for {@link UpdateLatency}); waits, bounded, until every enabled nameserver
   * serves it ({@code felu.update.wait-served-seconds}), or returns at once when there is nothing
   * to wait for.
   */
  @FunctionalInterface
  public interface Served {
    void await(long revision, long receivedNanos);

    Served NO_WAIT = (revision, receivedNanos) -> {};
  }

  /**
   * The SOA of the felu zone whose apex is exactly this name, or null when felu has no such zone:
   * what the endpoint answers SOA queries from (update clients ask the server they update which
   * zone a name is in before they send the update).
   */
  @FunctionalInterface
  public interface Soas {
    SOARecord soa(Name apex);

    Soas NONE = apex -> null;
  }

  /** Names walked up from a query's name to find its zone; deeper names are answered REFUSED. */
  static final int MAX_SOA_WALK = 8;

  private final Supplier<UpdateTsig> keys;
  private final Updates updates;
  private final KeyRateLimit rateLimit;
  private final UpdateMetrics metrics;
  private final Served served;
  private final Soas soas;
  private final UnverifiedRefusals unverified =
      new UnverifiedRefusals(60_000_000_000L, System::nanoTime, LOG::warning);

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
    this(keys, updates, rateLimit, metrics, served, Soas.NONE);
  }

  /** As the other constructors, answering SOA queries for felu's zones from {@code soas}. */
  public UpdateRequests(
      Supplier<UpdateTsig> keys,
      Updates updates,
      KeyRateLimit rateLimit,
      UpdateMetrics metrics,
      Served served,
      Soas soas) {
    this.keys = keys;
    this.updates = updates;
    this.rateLimit = rateLimit;
    this.metrics = metrics;
    this.served = served;
    this.soas = soas;
  }

  /** The answer's bytes, or null to drop the request. */
  public byte[] handle(byte[] wire, InetAddress from) {
    long received = System.nanoTime();
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
    if (request.getHeader().getOpcode() == Opcode.QUERY
        && soas != Soas.NONE
        && !isTransfer(request.getQuestion())) {
      return query(request, wire);
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
      unverified.refused("unsigned", from);
      metrics.count(null, null, "REFUSED");
      return UpdateAnswers.response(request, Rcode.REFUSED).toWire();
    }
    if (!tsig.verified()) {
      // the key name a failed request claims is not counted: it could be anything
      unverified.refused(Rcode.TSIGstring(tsig.error()), from);
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
        served.await(result.revision(), received);
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

  /**
   * A query, as certbot's and lego's rfc2136 clients send one to find a name's zone: an SOA query
   * at a felu zone's apex gets the SOA (AA); any other question inside a felu zone gets NOERROR
   * without an answer and the zone's SOA in authority, so that the client walks on to the apex; a
   * name in no felu zone, a class other than IN, or more than one question: REFUSED. Signed when
   * the query was (a failed TSIG gets its error); not rate-limited by key, as the nameservers
   * answer the same to anyone.
   */
  private byte[] query(Message request, byte[] wire) {
    UpdateTsig.Verification tsig;
    try {
      tsig = keys.get().verify(request, wire);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the TSIG key store could not be read", e);
      return UpdateAnswers.response(request, Rcode.SERVFAIL).toWire();
    }
    if (tsig.signed() && !tsig.verified()) {
      return UpdateTsig.refusal(request, tsig);
    }
    Record question = request.getQuestion();
    Message answer = UpdateAnswers.response(request, Rcode.REFUSED);
    if (question != null
        && request.getHeader().getCount(Section.QUESTION) == 1
        && question.getDClass() == DClass.IN) {
      Name name = question.getName();
      for (int i = 0; i < MAX_SOA_WALK && name.labels() > 1; i++) {
        SOARecord soa = soas.soa(name);
        if (soa != null) {
          answer.getHeader().setRcode(Rcode.NOERROR);
          answer.getHeader().setFlag(Flags.AA);
          boolean apex = name.equals(question.getName()) && question.getType() == Type.SOA;
          answer.addRecord(soa, apex ? Section.ANSWER : Section.AUTHORITY);
          break;
        }
        name = new Name(name, 1);
      }
    }
    metrics.count(null, null, "query-" + Rcode.string(answer.getRcode()));
    return tsig.signed() ? UpdateTsig.signed(answer, tsig) : answer.toWire();
  }

  /**
   * AXFR and IXFR: NOTIMP here; the endpoint hands them to {@link UpdateTransfers} before this
   * class sees them.
   */
  private static boolean isTransfer(Record question) {
    return question != null && (question.getType() == Type.AXFR || question.getType() == Type.IXFR);
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
