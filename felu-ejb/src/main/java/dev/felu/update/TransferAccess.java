package dev.felu.update;

import dev.felu.transfer.TransferNetwork;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Who may transfer one zone from the UPDATE endpoint: the zone's transfer policy, the one the
 * nameservers get in {@code Message.ZonePolicy} (the keys allowed on the zone, {@code
 * tsig_key_zone}; its client networks, {@code zone_transfer_network}), judged as the nameservers'
 * {@code TransferAcl} judges a request whose TSIG verified: admitted when its key is one of the
 * zone's keys, or when the client's address is in one of the zone's networks (a network rule admits
 * any request from there). The endpoint requires TSIG on top ({@link UpdateTransfers}): an unsigned
 * request is refused before this is asked, even from an allowed network. A key's update policy
 * plays no part: updating a zone does not let a key read all of it. Immutable.
 *
 * @param networks the zone's networks in {@link TransferNetwork}'s normal form
 * @param keys the keys allowed on the zone, lower case
 */
public record TransferAccess(List<String> networks, Set<Name> keys) {
  /** Nobody: a zone without transfer settings. */
  public static final TransferAccess NONE = new TransferAccess(List.of(), Set.of());

  public TransferAccess {
    networks = List.copyOf(networks);
    Set<Name> lower = new HashSet<>();
    keys.forEach(k -> lower.add(UpdateTsig.lower(k)));
    keys = Set.copyOf(lower);
  }

  /**
   * True when a request from {@code client} whose TSIG verified with {@code key} may transfer the
   * zone; false for no key.
   */
  public boolean admits(InetAddress client, Name key) {
    if (key == null) {
      return false;
    }
    if (keys.contains(UpdateTsig.lower(key))) {
      return true;
    }
    if (client == null) {
      return false;
    }
    byte[] address = client.getAddress();
    for (String network : networks) {
      if (TransferNetwork.contains(network, address)) {
        return true;
      }
    }
    return false;
  }
}
