package dev.felu.ns.xfr;

import dev.felu.ns.dns.ClientNetwork;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Who may transfer one zone: a list of rules, any of which admits a request; no rule, no transfer
 * (default deny). A rule names client networks (CIDR, IPv4 or IPv6; none means any address) and/or
 * a TSIG key (none means no key needed); a request matches when its address is in one of the rule's
 * networks and, if the rule names a key, the request was signed with that key and verified. A
 * signed request from an address a keyless rule admits is admitted too: its signature was checked
 * first.
 *
 * <p>The order of checks is RFC 8945's: a request whose TSIG fails verification is answered NOTAUTH
 * with the TSIG error (BADKEY, BADSIG, BADTIME; §5.2), whatever the rules say; otherwise a request
 * no rule admits is REFUSED (as Knot and BIND refuse transfers). Neither carries any of the zone.
 * Immutable.
 */
public final class TransferAcl {
  /** Admits nobody: a zone without transfer settings. */
  public static final TransferAcl DENY_ALL = new TransferAcl(List.of());

  private final List<Rule> rules;

  private TransferAcl(List<Rule> rules) {
    this.rules = rules;
  }

  public static TransferAcl of(Collection<Rule> rules) {
    return new TransferAcl(List.copyOf(rules));
  }

  /**
   * The common shape: any of {@code networks} without a key, and any of {@code keys} from anywhere.
   */
  public static TransferAcl of(Collection<ClientNetwork> networks, Collection<Name> keys) {
    List<Rule> rules = new java.util.ArrayList<>();
    if (!networks.isEmpty()) {
      rules.add(new Rule(List.copyOf(networks), null));
    }
    for (Name key : keys) {
      rules.add(new Rule(List.of(), key));
    }
    return new TransferAcl(List.copyOf(rules));
  }

  public List<Rule> rules() {
    return rules;
  }

  /** The verdict on a transfer request from {@code client} whose TSIG {@code tsig} found. */
  public Decision decide(InetAddress client, TsigVerification tsig) {
    if (tsig.failed()) {
      return new Decision(Verdict.NOTAUTH, tsig.error());
    }
    byte[] address = client.getAddress();
    Name key = tsig.verifiedKey();
    for (Rule rule : rules) {
      if (rule.admits(address, key)) {
        return Decision.ALLOW;
      }
    }
    return Decision.REFUSED;
  }

  @Override
  public String toString() {
    return "TransferAcl" + rules;
  }

  /** What a transfer request gets. */
  public enum Verdict {
    /** Transfer the zone (the answer is signed if the request was). */
    ALLOW,
    /** RCODE REFUSED, nothing of the zone. */
    REFUSED,
    /** RCODE NOTAUTH with the TSIG error in the TSIG RR ({@link TsigKeys#refusal}). */
    NOTAUTH
  }

  /**
   * @param verdict what to answer
   * @param tsigError for NOTAUTH, the TSIG error (BADKEY, BADSIG, BADTIME); else NOERROR
   */
  public record Decision(Verdict verdict, int tsigError) {
    public static final Decision ALLOW = new Decision(Verdict.ALLOW, Rcode.NOERROR);
    public static final Decision REFUSED = new Decision(Verdict.REFUSED, Rcode.NOERROR);

    /** The RCODE of the answer's header. */
    public int rcode() {
      return switch (verdict) {
        case ALLOW -> Rcode.NOERROR;
        case REFUSED -> Rcode.REFUSED;
        case NOTAUTH -> Rcode.NOTAUTH;
      };
    }
  }

  /**
   * One way in.
   *
   * @param networks the client networks admitted; empty: any address
   * @param key the TSIG key required; null: none
   */
  public record Rule(List<ClientNetwork> networks, Name key) {
    public Rule {
      networks = List.copyOf(networks);
      if (key != null) {
        if (!key.isAbsolute()) {
          throw new IllegalArgumentException("TSIG key name must be absolute: " + key);
        }
        key = TsigKeys.lower(key);
      }
    }

    boolean admits(byte[] address, Name verifiedKey) {
      if (key != null && !key.equals(verifiedKey)) {
        return false;
      }
      if (networks.isEmpty()) {
        return true;
      }
      for (ClientNetwork n : networks) {
        if (n.contains(address)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The answer to a REFUSED transfer: the question echoed, nothing else, signed if verified. */
  public static byte[] refused(org.xbill.DNS.Message request, ResponseSigner signer) {
    return XfrMessages.rcode(request, Rcode.REFUSED, signer);
  }
}
