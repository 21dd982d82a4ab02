package dev.felu.ns.xfr;

import dev.felu.ns.dns.ClientNetwork;
import dev.felu.protocol.Message;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;

/**
 * The zone-transfer policy a nameserver holds beside its zone table: the TSIG key ring and each
 * zone's {@link TransferAcl}. Built from the {@link Message.TransferPolicy} parts of one transfer
 * and swapped in with that transfer's table, so a query never sees the zones of one revision with
 * the rules of another. Immutable; {@link #toString()} names keys, never secrets.
 */
public final class TransferPolicy {
  /** No keys, no rules: every transfer is refused (a nameserver before its first policy). */
  public static final TransferPolicy DENY_ALL =
      new TransferPolicy(TsigKeys.NONE, Map.of(), Map.of(), 0);

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final TsigKeys keys;
  private final Map<Name, TransferAcl> acls;
  private final Map<Name, List<Message.NotifyTarget>> secondaries;
  private final int keyCount;

  private TransferPolicy(
      TsigKeys keys,
      Map<Name, TransferAcl> acls,
      Map<Name, List<Message.NotifyTarget>> secondaries,
      int keyCount) {
    this.keys = keys;
    this.acls = acls;
    this.secondaries = secondaries;
    this.keyCount = keyCount;
  }

  /**
   * The policy the parts of one transfer describe.
   *
   * @throws IllegalArgumentException on an unknown algorithm, a malformed network or secondary
   *     address, or a zone rule or secondary naming a key the policy lacks
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
    Map<Name, List<Message.NotifyTarget>> secondaries = new HashMap<>();
    for (Message.ZonePolicy z : zones) {
      for (Message.NotifyTarget t : z.secondaries()) {
        literal(t.address());
        if (t.key() != null && !keys.containsKey(TsigKeys.lower(t.key()))) {
          throw new IllegalArgumentException(
              "zone "
                  + z.zone()
                  + " notifies "
                  + t.address()
                  + " with unknown TSIG key "
                  + t.key());
        }
      }
      if (!z.secondaries().isEmpty()) {
        secondaries.put(z.zone().canonicalize(), z.secondaries());
      }
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
    return new TransferPolicy(
        TsigKeys.of(keys), Map.copyOf(acls), Map.copyOf(secondaries), keys.size());
  }

  /**
   * An IP address literal as an address, never looked up as a host name.
   *
   * @throws IllegalArgumentException when the text is not an IPv4 or IPv6 literal
   */
  public static InetAddress literal(String address) {
    boolean v4 = IPV4.matcher(address).matches();
    if (!v4 && !IPV6.matcher(address).matches()) {
      throw new IllegalArgumentException("not an IP address: " + address);
    }
    if (v4) {
      for (String octet : address.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          throw new IllegalArgumentException("not an IP address: " + address);
        }
      }
    }
    try {
      return InetAddress.getByName(address); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + address, e);
    }
  }

  /** The secondaries to NOTIFY when the zone changes; empty for none. */
  public List<Message.NotifyTarget> secondaries(Name zone) {
    return secondaries.getOrDefault(zone.canonicalize(), List.of());
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
    return "TransferPolicy["
        + keyCount
        + " keys, "
        + acls.size()
        + " zones with rules, "
        + secondaries.size()
        + " with secondaries]";
  }
}
