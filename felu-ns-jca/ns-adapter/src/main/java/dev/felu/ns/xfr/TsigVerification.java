package dev.felu.ns.xfr;

import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * What {@link TsigKeys#verify} found on a request: unsigned, verified with a key of the ring, or
 * failed with a TSIG error (BADKEY, BADSIG, BADTIME; FORMERR for a TSIG that is not the last
 * record).
 *
 * @param keyName the key the request named; null when unsigned
 * @param error {@link Rcode#NOERROR} when unsigned or verified, else the TSIG error
 * @param request the request's TSIG record; null when unsigned
 * @param tsig the key that verified it (or failed on the MAC or time); null when unsigned or BADKEY
 */
public record TsigVerification(Name keyName, int error, TSIGRecord request, TSIG tsig) {
  public static final TsigVerification UNSIGNED =
      new TsigVerification(null, Rcode.NOERROR, null, null);

  public boolean signed() {
    return request != null;
  }

  /** Signed, and the MAC and time checked out with a key of the ring. */
  public boolean verified() {
    return signed() && error == Rcode.NOERROR;
  }

  /** Signed and not verified: the request gets {@link TsigKeys#refusal} and nothing else. */
  public boolean failed() {
    return signed() && error != Rcode.NOERROR;
  }

  /** The key name of a verified request, lower case; null otherwise. */
  public Name verifiedKey() {
    return verified() ? TsigKeys.lower(keyName) : null;
  }

  /**
   * A signer for the answer's messages: signs with the request's MAC first, then chained (RFC 8945
   * §5.3.1); {@link ResponseSigner#NONE} for an unsigned request.
   */
  public ResponseSigner signer() {
    if (!signed()) {
      return ResponseSigner.NONE;
    }
    if (!verified()) {
      throw new IllegalStateException("a failed request gets a refusal, not a signed answer");
    }
    return ResponseSigner.chained(tsig, request);
  }

  @Override
  public String toString() {
    return "TsigVerification[key="
        + keyName
        + ", error="
        + (signed() ? Rcode.TSIGstring(error) : "unsigned")
        + "]";
  }
}
