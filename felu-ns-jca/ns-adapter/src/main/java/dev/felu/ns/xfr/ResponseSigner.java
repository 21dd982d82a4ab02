package dev.felu.ns.xfr;

import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * Signs the messages of one answer in order (RFC 8945 §5.3.1): the first with the request's MAC as
 * prior MAC and all TSIG variables, each next one with the previous message's MAC and the timers
 * only. Every message is signed, which every client must accept (RFC 8945 §5.3.1; dnsjava's {@code
 * TSIG.StreamVerifier} does), so each MAC covers exactly one message: no running digest is kept
 * between calls. Not thread-safe: one signer per answer, used by whoever pulls that answer's
 * messages.
 */
public abstract class ResponseSigner {
  /** For unsigned requests: messages go out as rendered. */
  public static final ResponseSigner NONE =
      new ResponseSigner() {
        @Override
        public byte[] sign(Message message, byte[] wire) {
          return wire;
        }

        @Override
        public int reserve() {
          return 0;
        }
      };

  /**
   * Returns {@code wire} (the rendering of {@code message}, without TSIG) with a TSIG record added
   * as the last additional record.
   */
  public abstract byte[] sign(Message message, byte[] wire);

  /** The bytes a message must leave free for the TSIG record this signer adds. */
  public abstract int reserve();

  static ResponseSigner chained(TSIG key, TSIGRecord requestTsig) {
    return new Chained(key, requestTsig);
  }

  private static final class Chained extends ResponseSigner {
    private final TSIG key;
    private TSIGRecord prior;
    private boolean first = true;

    Chained(TSIG key, TSIGRecord requestTsig) {
      this.key = key;
      this.prior = requestTsig;
    }

    @Override
    public byte[] sign(Message message, byte[] wire) {
      TSIGRecord tsig = key.generate(message, wire, Rcode.NOERROR, prior, first);
      first = false;
      prior = tsig;
      return XfrMessages.append(wire, tsig);
    }

    @Override
    public int reserve() {
      return key.recordLength();
    }
  }
}
