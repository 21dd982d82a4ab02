package dev.felu.transfer;

import dev.felu.input.InvalidInputException;
import dev.felu.model.zone.Excerpt;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A client network in CIDR form (RFC 4632; IPv6 as RFC 4291 §2.3 writes prefixes), checked and
 * written in one normal form: the network's own address (host bits cleared) and its prefix length
 * ({@code 192.0.2.7} is {@code 192.0.2.7/32}). Only address literals: a host name is never looked
 * up.
 */
public final class TransferNetwork {
  /** Networks per zone at most. */
  public static final int MAX_PER_ZONE = 100;

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

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
    boolean v4 = IPV4.matcher(host).matches();
    if (!v4 && !IPV6.matcher(host).matches()) {
      throw invalid(text, "not an IPv4 or IPv6 address");
    }
    if (v4) {
      for (String octet : host.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          // checked here: InetAddress would take it for a host name and look it up
          throw invalid(text, "not an IPv4 or IPv6 address");
        }
      }
    }
    byte[] address;
    try {
      address = InetAddress.getByName(host).getAddress(); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw invalid(text, "not an IPv4 or IPv6 address");
    }
    if (host.contains(":") && address.length == 4) {
      throw invalid(text, "write an IPv4 network in dotted form");
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
    try {
      return InetAddress.getByAddress(address).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of 4 or 16 bytes", e);
    }
  }

  private static InvalidInputException invalid(String text, String why) {
    return new InvalidInputException(
        "networks", "invalid network " + Excerpt.of(text) + ": " + why + " (e.g. 192.0.2.0/24)");
  }
}
