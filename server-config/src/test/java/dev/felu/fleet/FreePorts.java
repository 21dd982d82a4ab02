package dev.felu.fleet;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/** Finds loopback ports nobody uses, so tests never collide with a running demo or each other. */
final class FreePorts {
  /** Offsets from a Payara port base that a domain binds (admin 48, HTTP 80/81, IIOP, JMX, JMS, Hazelcast…). */
  private static final int[] PAYARA_OFFSETS = {9, 37, 38, 39, 48, 49, 59, 60, 61, 62, 66, 76, 80, 81, 86};

  private FreePorts() {}

  static int payaraPortBase() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = 20_000 + 100 * ThreadLocalRandom.current().nextInt(300);
      if (IntStream.of(PAYARA_OFFSETS).allMatch(o -> tcpFree(base + o))) {
        return base;
      }
    }
    throw new IllegalStateException("no free Payara port base found");
  }

  /** The first of {@code count} consecutive ports free for both TCP and UDP. */
  static int consecutive(int count) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int first = 40_000 + ThreadLocalRandom.current().nextInt(20_000);
      if (IntStream.range(first, first + count).allMatch(p -> tcpFree(p) && udpFree(p))) {
        return first;
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports found");
  }

  private static boolean tcpFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean udpFree(int port) {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
