package dev.felu.transfer;

import dev.felu.input.InvalidInputException;
import dev.felu.model.zone.Excerpt;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A client network in CIDR form (RFC 4632; IPv6 as RFC 4291 §2.3 writes prefixes), checked and
 * written in one normal form: the network's own address (host bits cleared, IPv6 compressed as RFC
 * 5952 writes it, by {@link AddressLiteral}) and its prefix length ({@code 192.0.2.7} is {@code
 * 192.0.2.7/32}, {@code 2001:db8::1/32} is {@code 2001:db8::/32}). Only address literals: a host
 * name is never looked up.
 */
public final class TransferNetwork {
  /** Networks per zone at most. */
  public static final int MAX_PER_ZONE = 100;

  private TransferNetwork() {}

  /**
   * Every network checked and normalised, sorted, duplicates dropped.
   *
   * @throws InvalidInputException on the field {@code networks} for a list too long or a network
   *     that is not one
   */
  public static List<String> normalize(Collection<String> networks) {
    if (networks == null) {
      throw new InvalidInputException("networks", "the list of networks is required (may be [])");
    }
    if (networks.size() > MAX_PER_ZONE) {
      throw new InvalidInputException(
          "networks", networks.size() + " networks; a zone takes at most " + MAX_PER_ZONE);
    }
    TreeSet<String> out = new TreeSet<>();
    for (String n : networks) {
      out.add(normalize(n));
    }
    return new ArrayList<>(out);
  }

  /** One network in normal form. */
  public static String normalize(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("networks", "an empty network; write e.g. 192.0.2.0/24");
    }
    String s = text.strip();
    int slash = s.indexOf('/');
    String host = slash < 0 ? s : s.substring(0, slash);
    byte[] address;
    try {
      address = AddressLiteral.parse(host);
    } catch (AddressLiteral.NotAnAddress e) {
      throw invalid(text, e.getMessage());
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = s.substring(slash + 1);
      if (!p.matches("\\d{1,3}")) {
        throw invalid(text, "the prefix length is not a number");
      }
      prefix = Integer.parseInt(p);
      if (prefix > bits) {
        throw invalid(text, "the prefix length is at most " + bits);
      }
    }
    for (int i = 0; i < address.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      address[i] &= (byte) (0xff << (8 - keep));
    }
    return AddressLiteral.format(address) + "/" + prefix;
  }

  /**
   * True when {@code address} is in {@code network} (a network as {@link #normalize(String)} writes
   * it; an IPv4 address is never in an IPv6 network, or the other way round). The UPDATE endpoint
   * asks it of a transfer's client, as the nameservers' {@code ClientNetwork} does.
   *
   * @throws IllegalArgumentException when {@code network} is not in normal form
   */
  public static boolean contains(String network, byte[] address) {
    int slash = network.indexOf('/');
    byte[] net;
    try {
      net = AddressLiteral.parse(slash < 0 ? network : network.substring(0, slash));
    } catch (AddressLiteral.NotAnAddress e) {
      throw new IllegalArgumentException("not a stored network: " + network, e);
    }
    int prefix = slash < 0 ? net.length * 8 : Integer.parseInt(network.substring(slash + 1));
    if (address.length != net.length) {
      return false;
    }
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((net[bit / 8] & mask) != (address[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The bytes of an IPv4 or IPv6 address literal (never a name, never looked up), or empty for
   * anything else: for addresses read from requests, such as a proxy's forwarded client.
   */
  public static java.util.Optional<byte[]> address(String text) {
    try {
      return java.util.Optional.of(AddressLiteral.parse(text.strip()));
    } catch (AddressLiteral.NotAnAddress e) {
      return java.util.Optional.empty();
    }
  }

  private static InvalidInputException invalid(String text, String why) {
    return new InvalidInputException(
        "networks", "invalid network " + Excerpt.of(text) + ": " + why + " (e.g. 192.0.2.0/24)");
  }
}
