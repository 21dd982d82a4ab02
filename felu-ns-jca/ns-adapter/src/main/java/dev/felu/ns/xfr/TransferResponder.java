package dev.felu.ns.xfr;

import dev.felu.ns.zone.ZoneData;
import java.net.InetAddress;
import java.util.function.Function;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One transfer request (AXFR or IXFR) from verification to answer, in the order RFC 8945 and the
 * peers (Knot first) use: TSIG verified (a failure: NOTAUTH + TSIG error, {@link
 * TsigKeys#refusal}); a name that is not the apex of a served zone: NOTAUTH; the zone's {@link
 * TransferAcl}: REFUSED; the {@link TransferLimiter}: REFUSED; then the answer, signed when the
 * request was. AXFR over UDP is NOTIMP, as Knot and NSD answer. Thread-safe if its parts are (they
 * are); {@link Transfers} makes one per request, over the policy held at that moment.
 */
public final class TransferResponder {
  private final TsigKeys keys;
  private final Function<Name, TransferAcl> acls;
  private final IxfrJournal journal;
  private final TransferLimiter limiter;
  private final int maxMessageSize;

  /**
   * @param keys the key ring
   * @param acls a zone's origin → its rules ({@link TransferAcl#DENY_ALL} when it has none)
   * @param journal the IXFR journal
   * @param limiter the bound on transfers in progress (TCP only: a UDP answer is one message)
   * @param maxMessageSize TCP message size, {@link TransferMessages#MAX_TCP_MESSAGE} normally
   */
  public TransferResponder(
      TsigKeys keys,
      Function<Name, TransferAcl> acls,
      IxfrJournal journal,
      TransferLimiter limiter,
      int maxMessageSize) {
    this.keys = keys;
    this.acls = acls;
    this.journal = journal;
    this.limiter = limiter;
    this.maxMessageSize = maxMessageSize;
  }

  /** True when the request asks for a transfer: what this class answers. */
  public static boolean isTransfer(Message request) {
    Record q = request.getQuestion();
    return q != null && (q.getType() == Type.AXFR || q.getType() == Type.IXFR);
  }

  /**
   * The answer over TCP: a stream of messages, one for a refusal. The caller writes them as the
   * socket takes them and closes the stream when done or when the connection ends (which gives the
   * permit back).
   *
   * @param wire the bytes {@code request} was parsed from (the TSIG MAC covers them)
   * @param zone the zone whose origin is the question's name, or null when none is served there
   */
  public TransferMessages answerTcp(
      Message request, byte[] wire, InetAddress client, ZoneData zone) {
    TsigVerification tsig = keys.verify(request, wire);
    byte[] refusal = refusal(request, tsig, client, zone);
    if (refusal != null) {
      return single(request, refusal);
    }
    TransferLimiter.Permit permit = limiter.tryAcquire();
    if (permit == null) {
      return single(request, TransferAcl.refused(request, tsig.signer()));
    }
    ResponseSigner signer = tsig.signer();
    TransferMessages answer;
    if (request.getQuestion().getType() == Type.AXFR) {
      answer = AxfrWriter.answer(zone, request, signer, maxMessageSize);
    } else if (IxfrWriter.clientSerial(request) < 0) {
      permit.close();
      return single(request, IxfrWriter.formErr(request, signer));
    } else {
      answer = IxfrWriter.answer(zone, journal, request, signer, maxMessageSize);
    }
    return answer.onClose(permit);
  }

  /** The answer over UDP: one message of at most {@code maxUdpSize} bytes. */
  public byte[] answerUdp(
      Message request, byte[] wire, InetAddress client, ZoneData zone, int maxUdpSize) {
    TsigVerification tsig = keys.verify(request, wire);
    byte[] refusal = refusal(request, tsig, client, zone);
    if (refusal != null) {
      return refusal;
    }
    ResponseSigner signer = tsig.signer();
    if (request.getQuestion().getType() == Type.AXFR) {
      return XfrMessages.rcode(request, Rcode.NOTIMP, signer);
    }
    if (IxfrWriter.clientSerial(request) < 0) {
      return IxfrWriter.formErr(request, signer);
    }
    return IxfrWriter.answerUdp(zone, journal, request, signer, maxUdpSize);
  }

  /** The refusal the request gets before any transfer, or null when it may go on. */
  private byte[] refusal(
      Message request, TsigVerification tsig, InetAddress client, ZoneData zone) {
    if (tsig.failed()) {
      return TsigKeys.refusal(request, tsig);
    }
    if (zone == null || !zone.origin().equals(request.getQuestion().getName())) {
      return XfrMessages.rcode(request, Rcode.NOTAUTH, tsig.signer());
    }
    TransferAcl.Decision d = acls.apply(zone.origin()).decide(client, tsig);
    if (d.verdict() != TransferAcl.Verdict.ALLOW) {
      return TransferAcl.refused(request, tsig.signer());
    }
    return null;
  }

  private static TransferMessages single(Message request, byte[] message) {
    return TransferMessages.of(message);
  }
}
