package dev.felu.ns.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A network of DNS clients in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}; a bare
 * address is a /32 or /128), as the response rate limiter's whitelist names them. Host bits below
 * the prefix are cleared, so {@code 127.0.0.1/8} is {@code 127.0.0.0/8}. Only address literals are
 * accepted: reading configuration must never wait on a DNS lookup.
 *
 * @param address the network address, 4 or 16 bytes, host bits zero
 * @param prefix the prefix length, 0..32 for IPv4, 0..128 for IPv6
 */
public record ClientNetwork(byte[] address, int prefix) {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public ClientNetwork {
    if (address == null || (address.length != 4 && address.length != 16)) {
      throw new IllegalArgumentException("an address has 4 or 16 bytes");
    }
    if (prefix < 0 || prefix > address.length * 8) {
      throw new IllegalArgumentException(
          "prefix /" + prefix + " is longer than the address (" + address.length * 8 + " bits)");
    }
    address = masked(address, prefix);
  }

  /**
   * Parses {@code address[/prefix]}.
   *
   * @throws IllegalArgumentException when {@code text} is not an IPv4 or IPv6 literal with an
   *     optional prefix length that fits it
   */
  public static ClientNetwork parse(String text) {
    String s = text.strip();
    int slash = s.indexOf('/');
    String host = slash < 0 ? s : s.substring(0, slash);
    if (!IPV4.matcher(host).matches() && !IPV6.matcher(host).matches()) {
      throw new IllegalArgumentException("'" + s + "' is not an IPv4 or IPv6 network");
    }
    byte[] address;
    try {
      address = InetAddress.getByName(host).getAddress(); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + s + "' is not an IPv4 or IPv6 network", e);
    }
    int prefix = address.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + s + "' has no numeric prefix length", e);
      }
    }
    try {
      return new ClientNetwork(address, prefix);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + s + "': " + e.getMessage(), e);
    }
  }

  /** True when {@code client} (an address of either family, as {@link #address} has) is inside. */
  public boolean contains(byte[] client) {
    if (client.length != address.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (client[i] != address[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    return rest == 0 || ((client[full] ^ address[full]) & (0xFF << (8 - rest)) & 0xFF) == 0;
  }

  /** A copy: the network stays as parsed whatever a caller does with the array. */
  @Override
  public byte[] address() {
    return address.clone();
  }

  private static byte[] masked(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int bit = prefix; bit < out.length * 8; bit++) {
      out[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
    }
    return out;
  }

  // a record compares arrays by reference; networks are equal when their bytes are

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientNetwork n && prefix == n.prefix && Arrays.equals(address, n.address);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(address) + prefix;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(address).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // 4 or 16 bytes, checked in the constructor
    }
  }
}
