package dev.felu.ns.xfr;

import dev.felu.ns.dns.ClientNetwork;
import dev.felu.protocol.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * The zone-transfer policy a nameserver holds beside its zone table: the TSIG key ring and each
 * zone's {@link TransferAcl}. Built from the {@link Message.TransferPolicy} parts of one transfer
 * and swapped in with that transfer's table, so a query never sees the zones of one revision with
 * the rules of another. Immutable; {@link #toString()} names keys, never secrets.
 */
public final class TransferPolicy {
  /** No keys, no rules: every transfer is refused (a nameserver before its first policy). */
  public static final TransferPolicy DENY_ALL = new TransferPolicy(TsigKeys.NONE, Map.of(), 0);

  private final TsigKeys keys;
  private final Map<Name, TransferAcl> acls;
  private final int keyCount;

  private TransferPolicy(TsigKeys keys, Map<Name, TransferAcl> acls, int keyCount) {
    this.keys = keys;
    this.acls = acls;
    this.keyCount = keyCount;
  }

  /**
   * The policy the parts of one transfer describe.
   *
   * @throws IllegalArgumentException on an unknown algorithm, a malformed network or a zone rule
   *     naming a key the policy lacks
   */
  public static TransferPolicy of(Collection<Message.TransferPolicy> parts) {
    Map<Name, TsigKeys.Key> keys = new HashMap<>();
    List<Message.ZonePolicy> zones = new ArrayList<>();
    for (Message.TransferPolicy part : parts) {
      for (Message.PolicyKey k : part.keys()) {
        if (keys.put(TsigKeys.lower(k.name()), new TsigKeys.Key(k.algorithm(), k.secret()))
            != null) {
          throw new IllegalArgumentException("TSIG key " + k.name() + " sent twice");
        }
      }
      zones.addAll(part.zones());
    }
    Map<Name, TransferAcl> acls = new HashMap<>();
    for (Message.ZonePolicy z : zones) {
      List<ClientNetwork> networks = new ArrayList<>();
      for (String n : z.networks()) {
        networks.add(ClientNetwork.parse(n));
      }
      for (Name k : z.keys()) {
        if (!keys.containsKey(TsigKeys.lower(k))) {
          throw new IllegalArgumentException("zone " + z.zone() + " names unknown TSIG key " + k);
        }
      }
      if (acls.put(z.zone().canonicalize(), TransferAcl.of(networks, z.keys())) != null) {
        throw new IllegalArgumentException("transfer rules for zone " + z.zone() + " sent twice");
      }
    }
    return new TransferPolicy(TsigKeys.of(keys), Map.copyOf(acls), keys.size());
  }

  public TsigKeys keys() {
    return keys;
  }

  /** The zone's rules; {@link TransferAcl#DENY_ALL} for a zone without any. */
  public TransferAcl acl(Name zone) {
    return acls.getOrDefault(zone.canonicalize(), TransferAcl.DENY_ALL);
  }

  /** Zones with any rule. */
  public int zoneCount() {
    return acls.size();
  }

  public int keyCount() {
    return keyCount;
  }

  @Override
  public String toString() {
    return "TransferPolicy[" + keyCount + " keys, " + acls.size() + " zones with rules]";
  }
}
