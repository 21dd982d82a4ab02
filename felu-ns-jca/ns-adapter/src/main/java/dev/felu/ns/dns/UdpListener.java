package dev.felu.ns.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * DNS over UDP (RFC 1035 §4.2.1): one socket, read by a few worker loops. Each loop receives into
 * and sends from direct buffers of its own, so the JDK copies no datagram through a temporary
 * buffer and a response costs no buffer object. One socket per worker with {@code SO_REUSEPORT} was
 * measured against this and not kept (docs/nameserver.md, "Query path").
 */
final class UdpListener implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(UdpListener.class.getName());
  private static final int MAX_DATAGRAM = 65535;
  private final DatagramChannel channel;
  private final CountingResponder responder;

  UdpListener(InetSocketAddress address, CountingResponder responder) throws IOException {
    this.responder = responder;
    this.channel = DatagramChannel.open();
    try {
      channel.bind(address);
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot bind DNS/UDP to " + address + ": " + e.getMessage(), e);
    }
  }

  InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  void serve() {
    ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    ByteBuffer out = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    byte[] query = new byte[MAX_DATAGRAM];
    while (channel.isOpen()) {
      try {
        in.clear();
        SocketAddress client = channel.receive(in);
        int length = in.position();
        in.flip();
        in.get(query, 0, length);
        byte[] response = responder.respond(query, length, true, client);
        if (response != null) {
          out.clear();
          out.put(response).flip();
          channel.send(out, client);
        }
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException | RuntimeException e) {
        // a failed send (the responder's own failures are counted inside) never stops the loop
        LOG.log(Level.FINE, "UDP query failed", e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
