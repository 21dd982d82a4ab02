package dev.felu.transfer;

import dev.felu.model.zone.ZoneRecord;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address literal, read without ever looking a name up, and written in one normal
 * form: IPv4 dotted decimal, IPv6 as RFC 5952 §4 recommends (lower case, no leading zeros, the
 * longest run of two or more zero groups compressed to {@code ::}, the first of equal runs). Shared
 * by the transfer networks ({@link TransferNetwork}) and the secondaries to notify ({@link
 * NotifySecondary}).
 */
final class AddressLiteral {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /** Why a text is not an address literal, for the caller's own message. */
  static final class NotAnAddress extends Exception {
    private static final long serialVersionUID = 1L;

    NotAnAddress(String why) {
      super(why, null, false, false);
    }
  }

  private AddressLiteral() {}

  /**
   * The address's bytes: 4 for IPv4, 16 for IPv6.
   *
   * @throws NotAnAddress for anything else, a host name included (never looked up)
   */
  static byte[] parse(String text) throws NotAnAddress {
    if (IPV4.matcher(text).matches()) {
      byte[] out = new byte[4];
      String[] octets = text.split("\\.");
      for (int i = 0; i < 4; i++) {
        int v = Integer.parseInt(octets[i]);
        if (v > 255) {
          throw new NotAnAddress("not an IPv4 or IPv6 address");
        }
        if (octets[i].length() > 1 && octets[i].charAt(0) == '0') {
          // 010 is 8 to some readers and 10 to others
          throw new NotAnAddress("an IPv4 address is written without leading zeros");
        }
        out[i] = (byte) v;
      }
      return out;
    }
    if (!IPV6.matcher(text).matches()) {
      throw new NotAnAddress("not an IPv4 or IPv6 address");
    }
    byte[] address;
    try {
      // holds a ':': InetAddress reads it as an IPv6 literal, never as a name to look up
      address = InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException | IllegalArgumentException e) {
      throw new NotAnAddress("not an IPv4 or IPv6 address");
    }
    if (address.length == 4) {
      // an IPv4-mapped address (::ffff:192.0.2.1), which InetAddress turns into IPv4
      throw new NotAnAddress("write an IPv4 address in dotted form");
    }
    return address;
  }

  /** The address in its normal form (RFC 5952 §4 for IPv6). */
  static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff)
          + "."
          + (address[1] & 0xff)
          + "."
          + (address[2] & 0xff)
          + "."
          + (address[3] & 0xff);
    }
    if (address.length != 16) {
      throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
    }
    return ZoneRecord.rfc5952(address); // the one RFC 5952 writer, also for AAAA data
  }

  /** Checks that {@code text} reads as an address literal, without resolving anything. */
  static String normalize(String text) throws NotAnAddress {
    return format(parse(text));
  }
}
