package dev.felu.ns.xfr;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * The nameserver's TSIG key ring (RFC 8945): key name → algorithm and secret, held in memory only.
 * It verifies a request's TSIG with dnsjava's {@link TSIG#verify(Message, byte[], TSIGRecord)} and
 * hands out the {@link ResponseSigner} that signs the answer, and renders the refusal a failed
 * verification gets (RFC 8945 §5.2: NOTAUTH with the TSIG error in the TSIG RR). Immutable: a new
 * configuration makes a new ring. Secrets never leave it: {@link #toString()} names keys only, and
 * no method returns a secret.
 */
public final class TsigKeys {
  /** The empty ring: every signed request fails with BADKEY. */
  public static final TsigKeys NONE = new TsigKeys(Map.of(), Clock.systemUTC());

  private final Map<Name, Key> keys;
  private final Clock clock;

  private TsigKeys(Map<Name, Key> keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /** A ring with the system clock. */
  public static TsigKeys of(Map<Name, Key> keys) {
    return of(keys, Clock.systemUTC());
  }

  /** A ring that checks signing times against {@code clock} (tests move it for BADTIME). */
  public static TsigKeys of(Map<Name, Key> keys, Clock clock) {
    Map<Name, Key> copy = new HashMap<>();
    keys.forEach(
        (name, key) -> {
          if (!name.isAbsolute()) {
            throw new IllegalArgumentException("TSIG key name must be absolute: " + name);
          }
          copy.put(lower(name), key);
        });
    return new TsigKeys(Collections.unmodifiableMap(copy), clock);
  }

  /** True when the ring holds a key of this name. */
  public boolean contains(Name keyName) {
    return keys.containsKey(lower(keyName));
  }

  /** The key of this name, or null. */
  Key key(Name keyName) {
    return keys.get(lower(keyName));
  }

  public int size() {
    return keys.size();
  }

  /**
   * Verifies the request's TSIG, if it has one. {@code wire} must be the bytes {@code request} was
   * parsed from: the MAC covers them as sent (RFC 8945 §4.3.3), including their name compression. A
   * key the ring lacks, or one named with another algorithm, is BADKEY (RFC 8945 §5.2.1); a MAC
   * that does not match is BADSIG (§5.2.2); a signing time outside the fudge is BADTIME (§5.2.3,
   * checked after the MAC as §5.4 wants).
   */
  public TsigVerification verify(Message request, byte[] wire) {
    TSIGRecord tsig = request.getTSIG();
    if (tsig == null) {
      return TsigVerification.UNSIGNED;
    }
    Key key = keys.get(lower(tsig.getName()));
    if (key == null || !key.algorithm().equals(tsig.getAlgorithm())) {
      return new TsigVerification(tsig.getName(), Rcode.BADKEY, tsig, null);
    }
    TSIG verifier = key.tsig(tsig.getName(), clock);
    int rcode = verifier.verify(request, wire, null);
    return new TsigVerification(tsig.getName(), rcode, tsig, verifier);
  }

  /**
   * The answer to a request whose TSIG failed: NOTAUTH, the question, and a TSIG RR carrying the
   * error (RFC 8945 §5.2). BADKEY and BADSIG answers are not signed (MAC size 0): the server cannot
   * or must not use the key; a BADTIME answer is signed and carries the server's time in Other Data
   * (§5.2.3), which dnsjava's {@link TSIG#generate} writes. Nothing of the zone goes with it.
   */
  public static byte[] refusal(Message request, TsigVerification failed) {
    if (failed.verified() || failed.request() == null) {
      throw new IllegalArgumentException("not a failed TSIG verification: " + failed);
    }
    Message response = XfrMessages.responseTo(request);
    response.getHeader().unsetFlag(org.xbill.DNS.Flags.AA);
    response.getHeader().setRcode(Rcode.NOTAUTH);
    TSIGRecord requestTsig = failed.request();
    byte[] wire = response.toWire();
    TSIGRecord error;
    if (failed.error() == Rcode.BADTIME && failed.tsig() != null) {
      error = failed.tsig().generate(response, wire, Rcode.BADTIME, requestTsig, true);
    } else {
      error =
          new TSIGRecord(
              requestTsig.getName(),
              DClass.ANY,
              0,
              requestTsig.getAlgorithm(),
              requestTsig.getTimeSigned(),
              requestTsig.getFudge(),
              new byte[0],
              request.getHeader().getID(),
              failed.error(),
              null);
    }
    return XfrMessages.append(wire, error);
  }

  /** The key names only: secrets are never shown. */
  @Override
  public String toString() {
    return "TsigKeys" + keys.keySet();
  }

  /** The name in lower case: key names match case-insensitively (RFC 4343). */
  static Name lower(Name name) {
    try {
      return new Name(name.toWireCanonical());
    } catch (IOException e) {
      throw new IllegalStateException("a name's own wire form does not parse", e);
    }
  }

  /**
   * One key's material: its algorithm (as dnsjava names it, {@link TSIG#HMAC_SHA256} …) and secret.
   * The secret is copied in and never handed out; {@link #toString()} hides it.
   */
  public static final class Key {
    private final Name algorithm;
    private final byte[] secret;

    public Key(Name algorithm, byte[] secret) {
      if (algorithm == null || TSIG.nameToAlgorithm(algorithm) == null) {
        throw new IllegalArgumentException("unknown TSIG algorithm " + algorithm);
      }
      if (secret == null || secret.length == 0) {
        throw new IllegalArgumentException("a TSIG secret has at least one byte");
      }
      this.algorithm = algorithm;
      this.secret = secret.clone();
    }

    /** A key from an algorithm name as configurations write it ({@code hmac-sha256}). */
    public static Key of(String algorithm, byte[] secret) {
      return new Key(TSIG.algorithmToName(algorithm), secret);
    }

    public Name algorithm() {
      return algorithm;
    }

    TSIG tsig(Name keyName, Clock clock) {
      return new TSIG(
          algorithm, keyName, new SecretKeySpec(secret, TSIG.nameToAlgorithm(algorithm)), clock);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && algorithm.equals(k.algorithm) && Arrays.equals(secret, k.secret);
    }

    @Override
    public int hashCode() {
      return algorithm.hashCode();
    }

    @Override
    public String toString() {
      return "Key[" + algorithm + ", secret hidden]";
    }
  }
}
