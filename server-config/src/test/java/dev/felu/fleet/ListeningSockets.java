package dev.felu.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The sockets processes listen on, read from Linux's /proc: each process's socket inodes from
 * /proc/PID/fd, matched against /proc/net/{tcp,tcp6,udp,udp6}.
 */
final class ListeningSockets {
  /** One bound socket: protocol, local address as the kernel prints it (hex), and port. */
  record Socket(String protocol, String hexAddress, int port) {
    boolean loopback() {
      // IPv4 is printed as a little-endian word: 127.x.y.z ends in 7F
      if (hexAddress.length() == 8) {
        return hexAddress.endsWith("7F");
      }
      return hexAddress.equals("00000000000000000000000001000000") // ::1
          || (hexAddress.startsWith("0000000000000000FFFF0000")
              && hexAddress.endsWith("7F")); // ::ffff:127.x
    }
  }

  private ListeningSockets() {}

  /** TCP sockets in LISTEN state and unconnected UDP sockets owned by these processes. */
  static List<Socket> of(List<Long> pids) throws IOException {
    Set<String> inodes = new HashSet<>();
    for (long pid : pids) {
      try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
        fds.forEach(
            fd -> {
              try {
                String target = Files.readSymbolicLink(fd).toString();
                if (target.startsWith("socket:[")) {
                  inodes.add(target.substring(8, target.length() - 1));
                }
              } catch (IOException e) {
                // the descriptor closed while we looked
              }
            });
      }
    }
    List<Socket> sockets = new ArrayList<>();
    for (String protocol : List.of("tcp", "tcp6", "udp", "udp6")) {
      List<String> lines = Files.readAllLines(Path.of("/proc/net", protocol));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        String state = f[3];
        boolean bound = protocol.startsWith("tcp") ? state.equals("0A") : state.equals("07");
        if (bound && inodes.contains(f[9])) {
          String[] local = f[1].split(":");
          sockets.add(new Socket(protocol, local[0], Integer.parseInt(local[1], 16)));
        }
      }
    }
    return sockets;
  }
}
