package dev.felu.update;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;
import java.util.function.Predicate;
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
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Zone transfers (AXFR, RFC 5936; IXFR, RFC 1995) from the UPDATE endpoint, as plain Java: tools
 * such as external-dns's {@code rfc2136} provider list a zone by AXFR from the very host they send
 * their updates to. Taken before {@link UpdateRequests} sees a request; anything that is not a
 * transfer query goes on to it. In order (the nameservers' {@code TransferResponder}'s order, with
 * TSIG required):
 *
 * <ol>
 *   <li>TSIG: a failed one NOTAUTH with BADKEY, BADSIG or BADTIME (RFC 8945 §5.2); an unsigned
 *       request REFUSED — the endpoint is the writer's, unsigned transfers are the nameservers' (a
 *       zone's network rules admit them there);
 *   <li>at most {@code maxTransfers} at once, more REFUSED;
 *   <li>in one consistent read of the database ({@link Zones}): no felu zone at that apex (or a
 *       class other than IN) NOTAUTH; the zone's {@link TransferAccess} does not admit the key and
 *       client REFUSED; more than {@code maxRecords} records REFUSED (transfer big zones from a
 *       nameserver); else the records, SOA first, into a {@link ZoneTransferAnswer};
 *   <li>the answer: over TCP the zone, SOA first and last, in messages each signed (RFC 8945
 *       §5.3.1); an IXFR the same (§4: the whole zone), or the SOA alone when the client is up to
 *       date; over UDP an AXFR NOTIMP (as the nameservers and Knot answer), an IXFR the SOA alone
 *       (RFC 1995 §2: go on over TCP). An IXFR without the client's SOA is FORMERR.
 * </ol>
 *
 * No refusal carries anything of the zone: records are read only after the policy admitted the
 * request. Every answer is counted by key, zone and result ({@code axfr-}/{@code ixfr-} and the
 * rcode or TSIG error, {@code busy}, {@code too-large}). Thread-safe.
 */
public final class UpdateTransfers {
  private static final Logger LOG = Logger.getLogger(UpdateTransfers.class.getName());

  /** The database side: one zone's policy and records, read consistently. */
  @FunctionalInterface
  public interface Zones {
    /**
     * In one snapshot (one transaction, the zone at one revision): finds the felu zone whose apex
     * is {@code apex}, asks {@code admitted} with its {@link TransferAccess} and only if that says
     * yes gives its records to {@code answer}, the SOA first, until {@code answer} wants no more.
     */
    Read read(Name apex, Predicate<TransferAccess> admitted, ZoneTransferAnswer answer)
        throws Exception;
  }

  /** What {@link Zones#read} came to. */
  public enum Read {
    /** No felu zone has that apex. */
    NO_ZONE,
    /** The zone's policy does not admit the request; nothing was read. */
    REFUSED,
    /** The records were given to the answer. */
    READ
  }

  /** Bounds: zone size and transfers at once. */
  public record Limits(int maxRecords, int maxTransfers) {
    public Limits {
      if (maxRecords < 1 || maxTransfers < 1) {
        throw new IllegalArgumentException(
            "limits must be positive: " + maxRecords + ", " + maxTransfers);
      }
    }
  }

  private final Supplier<UpdateTsig> keys;
  private final Zones zones;
  private final UpdateMetrics metrics;
  private final int maxRecords;
  private final Semaphore transfers;

  public UpdateTransfers(
      Supplier<UpdateTsig> keys, Zones zones, UpdateMetrics metrics, Limits limits) {
    this.keys = keys;
    this.zones = zones;
    this.metrics = metrics;
    this.maxRecords = limits.maxRecords();
    this.transfers = new Semaphore(limits.maxTransfers());
  }

  /** A request that asks for a transfer: a query whose only question is AXFR or IXFR. */
  static boolean isTransfer(Message request) {
    Record q = request.getQuestion();
    return !request.getHeader().getFlag(Flags.QR)
        && request.getHeader().getOpcode() == Opcode.QUERY
        && request.getHeader().getCount(Section.QUESTION) == 1
        && q != null
        && (q.getType() == Type.AXFR || q.getType() == Type.IXFR);
  }

  /** A UDP request: a transfer answered here, anything else by {@code otherwise}. */
  public byte[] udp(
      byte[] wire, InetAddress from, BiFunction<byte[], InetAddress, byte[]> otherwise) {
    Message request = transfer(wire);
    if (request == null) {
      return otherwise.apply(wire, from);
    }
    Answer a = answer(request, wire, from, false);
    a.close();
    return a.messages.next();
  }

  /** A TCP request: a transfer answered here, anything else by {@code otherwise}. */
  public UpdateListener.Answer tcp(
      byte[] wire, InetAddress from, BiFunction<byte[], InetAddress, byte[]> otherwise) {
    Message request = transfer(wire);
    if (request == null) {
      byte[] answer = otherwise.apply(wire, from);
      return answer == null ? null : UpdateListener.Answer.of(answer);
    }
    return answer(request, wire, from, true);
  }

  private static Message transfer(byte[] wire) {
    try {
      Message request = new Message(wire);
      return isTransfer(request) ? request : null;
    } catch (IOException | RuntimeException e) {
      return null; // not ours to judge: UpdateRequests drops it
    }
  }

  private Answer answer(Message request, byte[] wire, InetAddress from, boolean tcp) {
    String kind = request.getQuestion().getType() == Type.AXFR ? "axfr-" : "ixfr-";
    UpdateTsig.Verification tsig;
    try {
      tsig = keys.get().verify(request, wire);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the TSIG key store could not be read", e);
      metrics.count(null, null, kind + "SERVFAIL");
      return Answer.of(UpdateAnswers.response(request, Rcode.SERVFAIL).toWire());
    }
    if (!tsig.signed()) {
      metrics.count(null, null, kind + "REFUSED");
      return Answer.of(UpdateAnswers.response(request, Rcode.REFUSED).toWire());
    }
    if (!tsig.verified()) {
      metrics.count(null, null, kind + Rcode.TSIGstring(tsig.error()));
      return Answer.of(UpdateTsig.refusal(request, tsig));
    }
    Name key = tsig.key();
    boolean ixfr = request.getQuestion().getType() == Type.IXFR;
    long clientSerial = ixfr ? ZoneTransferAnswer.clientSerial(request) : -1;
    if (ixfr && clientSerial < 0) {
      metrics.count(key, null, kind + "FORMERR");
      return refusal(request, Rcode.FORMERR, tsig);
    }
    if (!transfers.tryAcquire()) {
      metrics.count(key, null, kind + "busy");
      return refusal(request, Rcode.REFUSED, tsig);
    }
    boolean handedOn = false;
    try {
      Name apex = request.getQuestion().getName();
      ZoneTransferAnswer building =
          new ZoneTransferAnswer(
              request,
              ZoneTransferAnswer.MAX_TCP_MESSAGE - tsig.tsig().recordLength(),
              maxRecords,
              clientSerial,
              !tcp); // over UDP the SOA alone is read: an AXFR is judged as over TCP, then NOTIMP
      Read read =
          request.getQuestion().getDClass() != DClass.IN
              ? Read.NO_ZONE
              : zones.read(apex, access -> access.admits(from, key), building);
      Name zone = read == Read.NO_ZONE ? null : UpdateTsig.lower(apex);
      if (read != Read.READ) {
        int rcode = read == Read.NO_ZONE ? Rcode.NOTAUTH : Rcode.REFUSED;
        metrics.count(key, zone, kind + Rcode.string(rcode));
        LOG.fine(() -> kind + apex + " by " + key + " from " + from + ": " + Rcode.string(rcode));
        return refusal(request, rcode, tsig);
      }
      if (!tcp && !ixfr) {
        metrics.count(key, zone, kind + "NOTIMP");
        return refusal(request, Rcode.NOTIMP, tsig);
      }
      if (building.tooLarge()) {
        metrics.count(key, zone, kind + "too-large");
        LOG.info(
            () ->
                kind
                    + apex
                    + " refused: the zone has more than "
                    + maxRecords
                    + " records (felu.update.axfr-max-records); transfer it from a nameserver");
        return refusal(request, Rcode.REFUSED, tsig);
      }
      List<byte[]> messages = building.finish();
      metrics.count(key, zone, kind + "NOERROR");
      Answer answer =
          new Answer(
              ZoneTransferAnswer.signed(messages, request, tsig.tsig(), tsig.request()),
              transfers::release);
      handedOn = true;
      return answer;
    } catch (Exception e) {
      LOG.log(Level.WARNING, "a transfer of " + request.getQuestion().getName() + " failed", e);
      metrics.count(key, null, kind + "SERVFAIL");
      return refusal(request, Rcode.SERVFAIL, tsig);
    } finally {
      if (!handedOn) {
        transfers.release();
      }
    }
  }

  /** An answer with no record of the zone, signed with the request's key. */
  private static Answer refusal(Message request, int rcode, UpdateTsig.Verification tsig) {
    Message response = UpdateAnswers.response(request, rcode);
    response.getHeader().setFlag(Flags.AA);
    return Answer.of(UpdateTsig.signed(response, tsig));
  }

  /** The messages of one answer; closing gives the transfer's permit back (once). */
  static final class Answer implements UpdateListener.Answer {
    private final Iterator<byte[]> messages;
    private Runnable onClose;

    Answer(Iterator<byte[]> messages, Runnable onClose) {
      this.messages = messages;
      this.onClose = onClose;
    }

    static Answer of(byte[] message) {
      return new Answer(List.of(message).iterator(), () -> {});
    }

    @Override
    public boolean hasNext() {
      return messages.hasNext();
    }

    @Override
    public byte[] next() {
      return messages.next();
    }

    @Override
    public synchronized void close() {
      if (onClose != null) {
        onClose.run();
        onClose = null;
      }
    }
  }
}
