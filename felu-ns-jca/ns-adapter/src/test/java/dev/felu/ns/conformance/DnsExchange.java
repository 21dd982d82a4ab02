package dev.felu.ns.conformance;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends query bytes to the nameserver over plain sockets — no resolver library, so nothing is
 * retried, validated or rewritten on the way. Timeouts are on socket reads only.
 */
final class DnsExchange {
  static final int TIMEOUT_MILLIS = 2000;

  private DnsExchange() {}

  /** One datagram out, the first datagram back (or none within the timeout). */
  static ObservedReply udp(InetSocketAddress server, byte[] query) throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
      s.setSoTimeout(TIMEOUT_MILLIS);
      s.connect(server);
      s.send(new DatagramPacket(query, query.length));
      DatagramPacket in = new DatagramPacket(new byte[65535], 65535);
      try {
        s.receive(in);
      } catch (SocketTimeoutException e) {
        return ObservedReply.noResponse();
      }
      byte[] wire = new byte[in.getLength()];
      System.arraycopy(in.getData(), in.getOffset(), wire, 0, in.getLength());
      return ObservedReply.of(wire);
    }
  }

  /**
   * Writes all queries back-to-back on one connection (RFC 7766 §6.2.1.1 pipelining), each with its
   * two-byte length, then reads as many framed answers. A connection closed or silent before all
   * answers came ends the list with {@code closed} or {@code noresponse}.
   */
  static List<ObservedReply> tcp(InetSocketAddress server, List<byte[]> queries)
      throws IOException {
    List<ObservedReply> out = new ArrayList<>();
    try (Socket s = new Socket()) {
      s.connect(server, TIMEOUT_MILLIS);
      s.setSoTimeout(TIMEOUT_MILLIS);
      s.setTcpNoDelay(true);
      ByteArrayOutputStream framed = new ByteArrayOutputStream();
      for (byte[] q : queries) {
        framed.write(q.length >>> 8);
        framed.write(q.length & 0xff);
        framed.writeBytes(q);
      }
      s.getOutputStream().write(framed.toByteArray());
      s.getOutputStream().flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      while (out.size() < queries.size()) {
        try {
          byte[] wire = new byte[in.readUnsignedShort()];
          in.readFully(wire);
          out.add(ObservedReply.of(wire));
        } catch (EOFException | java.net.SocketException e) {
          out.add(ObservedReply.closed());
          break;
        } catch (SocketTimeoutException e) {
          out.add(ObservedReply.noResponse());
          break;
        }
      }
    }
    return out;
  }
}
