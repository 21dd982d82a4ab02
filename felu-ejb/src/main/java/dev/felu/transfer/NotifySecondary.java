package dev.felu.transfer;

import dev.felu.input.InvalidInputException;
import dev.felu.model.zone.Excerpt;
import dev.felu.tsig.TsigKeyService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A secondary the nameservers NOTIFY (RFC 1996) when its zone changes: an IPv4 or IPv6 address
 * literal in normal form ({@link AddressLiteral}: a host name is never looked up), a port, and the
 * TSIG key the NOTIFY is signed with ({@code null}: unsigned), a key name in its normal form.
 * Whether the key exists and may transfer the zone only {@link ZoneTransferService} can tell.
 */
public record NotifySecondary(String address, int port, String key) {
  /** The DNS port, when none is given. */
  public static final int DEFAULT_PORT = 53;

  /** Secondaries per zone at most: each change sends one NOTIFY per secondary and nameserver. */
  public static final int MAX_PER_ZONE = 20;

  /** The field errors name, as the REST body and the page call it. */
  public static final String FIELD = "secondaries";

  /** The stored order: by address text, then port. */
  public static final Comparator<NotifySecondary> ORDER =
      Comparator.comparing(NotifySecondary::address).thenComparingInt(NotifySecondary::port);

  /** A secondary as given: {@code port} null means {@link #DEFAULT_PORT}, {@code key} null none. */
  public static NotifySecondary of(String address, Integer port, String key) {
    return new NotifySecondary(
        address, port == null ? DEFAULT_PORT : port, key == null || key.isBlank() ? null : key);
  }

  /**
   * One line as the zone page writes a secondary: {@code address [port] [key]}, blanks between.
   *
   * @param line the line's number from 1, for the message
   * @throws InvalidInputException on {@link #FIELD} for a line that is not one
   */
  public static NotifySecondary parse(String text, int line) {
    String[] parts = text.strip().split("\\s+");
    if (text.isBlank() || parts.length > 3) {
      throw new InvalidInputException(
          FIELD,
          "line "
              + line
              + " "
              + Excerpt.of(text)
              + ": write address [port] [key], e.g. 192.0.2.1 53 xfr.example.");
    }
    Integer port = null;
    String key = null;
    if (parts.length == 3 || parts.length == 2 && parts[1].matches("\\d+")) {
      if (!parts[1].matches("\\d{1,5}")) {
        throw new InvalidInputException(
            FIELD, "line " + line + " " + Excerpt.of(text) + ": the port is not a number");
      }
      port = Integer.parseInt(parts[1]);
      key = parts.length == 3 ? parts[2] : null;
    } else if (parts.length == 2) {
      key = parts[1];
    }
    return of(parts[0], port, key);
  }

  /**
   * Every secondary checked and in normal form, in the order given: an address literal, a port from
   * 1 to 65535, a well-formed key name; no address and port twice; at most {@link #MAX_PER_ZONE}.
   *
   * @throws InvalidInputException on {@link #FIELD}, naming the entry (from 1) and repeating at
   *     most an excerpt of it
   */
  public static List<NotifySecondary> normalize(List<NotifySecondary> secondaries) {
    if (secondaries == null) {
      throw new InvalidInputException(FIELD, "the list of secondaries is required (may be [])");
    }
    if (secondaries.size() > MAX_PER_ZONE) {
      throw new InvalidInputException(
          FIELD, secondaries.size() + " secondaries; a zone takes at most " + MAX_PER_ZONE);
    }
    List<NotifySecondary> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < secondaries.size(); i++) {
      NotifySecondary s = secondaries.get(i).normalized(i + 1);
      if (!seen.add(s.endpoint())) {
        throw new InvalidInputException(
            FIELD, "secondary #" + (i + 1) + " " + s.endpoint() + " is listed twice");
      }
      out.add(s);
    }
    return out;
  }

  private NotifySecondary normalized(int index) {
    String entry = "secondary #" + index;
    if (address == null || address.isBlank()) {
      throw new InvalidInputException(
          FIELD, entry + " has no address; write an IP address, e.g. 192.0.2.1");
    }
    String normal;
    try {
      normal = AddressLiteral.normalize(address.strip());
    } catch (AddressLiteral.NotAnAddress e) {
      throw new InvalidInputException(
          FIELD,
          entry
              + " "
              + Excerpt.of(address)
              + ": "
              + e.getMessage()
              + " (an IP address, never a host name: e.g. 192.0.2.1 or 2001:db8::53)");
    }
    if (port < 1 || port > 65535) {
      throw new InvalidInputException(
          FIELD, entry + " " + normal + ": port " + port + " is not from 1 to 65535");
    }
    String k = null;
    if (key != null) {
      try {
        k = TsigKeyService.keyName(key);
      } catch (InvalidInputException e) {
        throw new InvalidInputException(FIELD, entry + " " + normal + ": " + e.getMessage());
      }
    }
    return new NotifySecondary(normal, port, k);
  }

  /** {@code address:port}, IPv6 in brackets as RFC 5952 §6 writes it. */
  public String endpoint() {
    return (address != null && address.contains(":") ? "[" + address + "]" : address) + ":" + port;
  }

  /** The audit's form: {@code 192.0.2.1:53 key=xfr.example.}, {@code [2001:db8::53]:53}. */
  @Override
  public String toString() {
    return endpoint() + (key == null ? "" : " key=" + key);
  }

  /** The zone page's line form: {@code address port [key]}. */
  public String line() {
    return address + " " + port + (key == null ? "" : " " + key);
  }
}
