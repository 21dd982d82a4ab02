package dev.felu.update;

import dev.felu.protocol.Message.PolicyKey;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * TSIG (RFC 8945) for the UPDATE endpoint: the TSIG key store's keys in memory, a request verified
 * with dnsjava's {@link TSIG#verify(Message, byte[], TSIGRecord)}, the refusal a failed one gets
 * (§5.2: NOTAUTH with the error in the TSIG RR) and the signed answer. The nameserver's {@code
 * dev.felu.ns.xfr.TsigKeys} does the same for transfers; the management server cannot depend on the
 * nameserver's module, so this is its small equivalent (one message per answer, no chaining).
 * Immutable; secrets never leave it.
 */
public final class UpdateTsig {
  /** What a request's TSIG came to; {@code tsig} is the key, when the ring has it. */
  public record Verification(Name keyName, int error, TSIGRecord request, TSIG tsig) {
    static final Verification UNSIGNED = new Verification(null, Rcode.NOERROR, null, null);

    public boolean signed() {
      return request != null;
    }

    public boolean verified() {
      return signed() && error == Rcode.NOERROR;
    }

    /** The verified key's name, lower case, as the store names it. */
    public Name key() {
      return verified() ? lower(keyName) : null;
    }
  }

  private final Map<Name, PolicyKey> keys;
  private final Clock clock;

  private UpdateTsig(Map<Name, PolicyKey> keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  public static UpdateTsig of(List<PolicyKey> keys, Clock clock) {
    Map<Name, PolicyKey> byName = new HashMap<>();
    keys.forEach(k -> byName.put(lower(k.name()), k));
    return new UpdateTsig(Map.copyOf(byName), clock);
  }

  public int size() {
    return keys.size();
  }

  /**
   * Verifies the request's TSIG against the bytes it was parsed from (the MAC covers them as sent).
   * An unknown key or one named with another algorithm is BADKEY (§5.2.1), a wrong MAC BADSIG
   * (§5.2.2), a signing time outside the fudge BADTIME (§5.2.3).
   */
  public Verification verify(Message request, byte[] wire) {
    TSIGRecord tsig = request.getTSIG();
    if (tsig == null) {
      return Verification.UNSIGNED;
    }
    PolicyKey key = keys.get(lower(tsig.getName()));
    if (key == null || !key.algorithm().equals(tsig.getAlgorithm())) {
      return new Verification(tsig.getName(), Rcode.BADKEY, tsig, null);
    }
    TSIG verifier =
        new TSIG(
            key.algorithm(),
            tsig.getName(),
            new SecretKeySpec(key.secret(), TSIG.nameToAlgorithm(key.algorithm())),
            clock);
    return new Verification(tsig.getName(), verifier.verify(request, wire, null), tsig, verifier);
  }

  /**
   * The answer to a request whose TSIG failed: NOTAUTH and a TSIG RR with the error. BADKEY and
   * BADSIG answers carry no MAC (the key cannot or must not be used); a BADTIME answer is signed
   * and carries the server's time (§5.2.3), which {@link TSIG#generate} writes.
   */
  public static byte[] refusal(Message request, Verification failed) {
    Message response = UpdateAnswers.response(request, Rcode.NOTAUTH);
    TSIGRecord req = failed.request();
    TSIGRecord error;
    if (failed.error() == Rcode.BADTIME && failed.tsig() != null) {
      error = failed.tsig().generate(response, response.toWire(), Rcode.BADTIME, req, true);
    } else {
      error =
          new TSIGRecord(
              req.getName(),
              DClass.ANY,
              0,
              req.getAlgorithm(),
              req.getTimeSigned(),
              req.getFudge(),
              new byte[0],
              request.getHeader().getID(),
              failed.error(),
              null);
    }
    response.addRecord(error, Section.ADDITIONAL);
    return response.toWire();
  }

  /** The answer signed with the request's key (§5.3), over the request's MAC. */
  public static byte[] signed(Message response, Verification verified) {
    verified.tsig().apply(response, verified.request());
    return response.toWire();
  }

  static Name lower(Name name) {
    try {
      return new Name(name.toWireCanonical());
    } catch (IOException e) {
      throw new IllegalStateException("a name's own wire form does not parse", e);
    }
  }

  @Override
  public String toString() {
    return "UpdateTsig" + keys.keySet();
  }
}
