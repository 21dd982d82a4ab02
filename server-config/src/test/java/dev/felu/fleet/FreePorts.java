package dev.felu.fleet;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Finds loopback ports nobody uses, so tests never collide with a running demo or each other. Ports
 * come from 10000-32767, below Linux's ephemeral range (32768-60999): an outgoing connection may
 * take any ephemeral port at any time, and a server started later could then not bind it. Ports
 * handed out once are never handed out again in this JVM. When the build runs test classes in
 * several JVMs at once ({@code felu.test.fork} 1 … {@code felu.test.forks}, from failsafe's fork
 * number), each JVM takes its own share of that range, so two never pick the same port.
 */
final class FreePorts {
  private static final int FIRST = 10_000;
  private static final int LAST = 32_700;
  private static final int FORKS = Math.max(1, Integer.getInteger("felu.test.forks", 1));
  private static final int FORK =
      Math.min(FORKS, Math.max(1, Integer.getInteger("felu.test.fork", 1)));
  private static final int LOW = FIRST + (LAST - FIRST) / FORKS * (FORK - 1);
  private static final int HIGH = LOW + (LAST - FIRST) / FORKS;
  private static final java.util.Set<Integer> GIVEN =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Offsets from a Payara port base that a domain binds (admin 48, HTTP 80/81, IIOP, JMX, JMS,
   * Hazelcast…).
   */
  private static final int[] PAYARA_OFFSETS = {
    9, 37, 38, 39, 48, 49, 59, 60, 61, 62, 66, 76, 80, 81, 86
  };

  private FreePorts() {}

  static synchronized int payaraPortBase() {
    return payaraPortBase(1);
  }

  /**
   * A Payara port base with {@code blocks} blocks of 100 ports free after it: the domain's own and
   * one per cluster instance ({@link FleetOptions#instancePortBase}), HAProxy at + 90.
   */
  static synchronized int payaraPortBase(int blocks) {
    int span = 100 * blocks;
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = LOW + 100 * ThreadLocalRandom.current().nextInt((HIGH - LOW - span) / 100);
      if (IntStream.range(base, base + span).noneMatch(GIVEN::contains)
          && IntStream.range(0, blocks)
              .allMatch(
                  b -> IntStream.of(PAYARA_OFFSETS).allMatch(o -> tcpFree(base + 100 * b + o)))
          && tcpFree(base + 90)) {
        IntStream.range(base, base + span).forEach(GIVEN::add);
        return base;
      }
    }
    throw new IllegalStateException("no free Payara port base found");
  }

  /** The first of {@code count} consecutive ports free for both TCP and UDP. */
  static synchronized int consecutive(int count) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int first = LOW + ThreadLocalRandom.current().nextInt(HIGH - LOW - count);
      if (IntStream.range(first, first + count)
          .allMatch(p -> !GIVEN.contains(p) && tcpFree(p) && udpFree(p))) {
        IntStream.range(first, first + count).forEach(GIVEN::add);
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
    try (DatagramSocket s =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
