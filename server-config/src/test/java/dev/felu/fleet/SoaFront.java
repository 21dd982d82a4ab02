package dev.felu.fleet;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * A test-only front on one loopback port (UDP and TCP) that sends queries (opcode QUERY) to a felu
 * nameserver and everything else (UPDATE) to the management server's UPDATE endpoint, message by
 * message. It lets {@link AcmeIT} run certbot and lego through the rest of the chain while the
 * endpoint answers their SOA query with NOTIMP; nothing in a real setup stands in for it.
 */
final class SoaFront implements AutoCloseable {
  private static final int OPCODE_QUERY = 0;
  private final InetAddress loopback = InetAddress.getByName(FleetOptions.HOST);
  private final int queries;
  private final int updates;
  private final DatagramSocket udp;
  private final ServerSocket tcp;

  SoaFront(int queryPort, int updatePort) throws IOException {
    this.queries = queryPort;
    this.updates = updatePort;
    int port = FreePorts.consecutive(1);
    udp = new DatagramSocket(new InetSocketAddress(loopback, port));
    tcp = new ServerSocket();
    tcp.bind(new InetSocketAddress(loopback, port));
    daemon(this::udpLoop, "soa-front-udp");
    daemon(this::tcpLoop, "soa-front-tcp");
  }

  int port() {
    return udp.getLocalPort();
  }

  private int target(byte[] message) {
    return message.length > 2 && ((message[2] >> 3) & 0xF) == OPCODE_QUERY ? queries : updates;
  }

  private void udpLoop() {
    byte[] buffer = new byte[65_535];
    while (!udp.isClosed()) {
      try {
        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
        udp.receive(in);
        byte[] request = java.util.Arrays.copyOf(in.getData(), in.getLength());
        try (DatagramSocket out = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
          out.setSoTimeout(15_000);
          out.send(new DatagramPacket(request, request.length, loopback, target(request)));
          DatagramPacket answer = new DatagramPacket(new byte[65_535], 65_535);
          out.receive(answer);
          udp.send(
              new DatagramPacket(
                  answer.getData(), answer.getLength(), in.getAddress(), in.getPort()));
        }
      } catch (IOException e) {
        // closed, or no answer within the deadline: the client retries or gives up
      }
    }
  }

  private void tcpLoop() {
    while (!tcp.isClosed()) {
      try {
        Socket client = tcp.accept();
        daemon(() -> relay(client), "soa-front-conn");
      } catch (IOException e) {
        // closed
      }
    }
  }

  private void relay(Socket client) {
    try (client) {
      client.setSoTimeout(15_000);
      DataInputStream in = new DataInputStream(client.getInputStream());
      DataOutputStream out = new DataOutputStream(client.getOutputStream());
      while (true) {
        byte[] request = new byte[in.readUnsignedShort()];
        in.readFully(request);
        try (Socket server = new Socket()) {
          server.connect(new InetSocketAddress(loopback, target(request)), 5_000);
          server.setSoTimeout(15_000);
          DataOutputStream to = new DataOutputStream(server.getOutputStream());
          to.writeShort(request.length);
          to.write(request);
          to.flush();
          DataInputStream from = new DataInputStream(server.getInputStream());
          byte[] answer = new byte[from.readUnsignedShort()];
          from.readFully(answer);
          out.writeShort(answer.length);
          out.write(answer);
          out.flush();
        }
      }
    } catch (EOFException | SocketException e) {
      // the client is done
    } catch (IOException e) {
      // a deadline passed: the client sees its connection closed
    }
  }

  private static void daemon(Runnable loop, String name) {
    Thread t = new Thread(loop, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    udp.close();
    tcp.close();
  }
}
