package dev.felu.ns.conformance;

import java.io.IOException;
import org.xbill.DNS.Message;
import org.xbill.DNS.utils.base16;

/**
 * What came back for one query: nothing ({@code noresponse}: the read timed out), a TCP connection
 * closed without an answer ({@code closed}), bytes dnsjava could parse ({@code ok}) or bytes it
 * could not ({@code unparseable}; the header, when 12 bytes arrived, still counts).
 */
record ObservedReply(String status, byte[] wire, Message message, String parseError) {
  static final String CLOSED = "closed";

  static ObservedReply noResponse() {
    return new ObservedReply(ExpectedReply.NO_RESPONSE, null, null, null);
  }

  static ObservedReply closed() {
    return new ObservedReply(CLOSED, null, null, null);
  }

  static ObservedReply of(byte[] wire) {
    try {
      return new ObservedReply(ExpectedReply.OK, wire, new Message(wire), null);
    } catch (IOException | RuntimeException e) {
      return new ObservedReply(ExpectedReply.UNPARSEABLE, wire, null, e.toString());
    }
  }

  boolean answered() {
    return wire != null;
  }

  boolean hasHeader() {
    return wire != null && wire.length >= 12;
  }

  int id() {
    return ((wire[0] & 0xff) << 8) | (wire[1] & 0xff);
  }

  boolean qr() {
    return (wire[2] & 0x80) != 0;
  }

  boolean aa() {
    return (wire[2] & 0x04) != 0;
  }

  boolean tc() {
    return (wire[2] & 0x02) != 0;
  }

  /** The rcode, extended by the OPT record's upper bits (RFC 6891 §6.1.3) when parsed. */
  int rcode() {
    return message != null ? message.getRcode() : wire[3] & 0x0f;
  }

  String describe() {
    if (!answered()) {
      return "  " + status + "\n";
    }
    if (message == null) {
      return "  unparseable (" + parseError + "): " + base16.toString(wire) + "\n";
    }
    return message.toString().indent(2);
  }
}
