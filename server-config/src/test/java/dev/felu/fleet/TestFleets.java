package dev.felu.fleet;

import java.nio.file.Files;
import java.nio.file.Path;

/** The end-to-end tests' fleet: two nameservers, TLS links, every port free on loopback. */
final class TestFleets {
  private TestFleets() {}

  /**
   * Starts a fleet in a fresh home folder (system property {@code homeProperty}, else {@code
   * defaultHome}); stops what started when the start fails.
   */
  static Fleet start(String homeProperty, String defaultHome) throws Exception {
    return start(homeProperty, defaultHome, 2, null);
  }

  /**
   * As {@link #start(String, String)} with {@code nameservers} nameservers and, unless null, a
   * nameserver heap other than the default.
   */
  static Fleet start(String homeProperty, String defaultHome, int nameservers, String nsHeap)
      throws Exception {
    return start(homeProperty, defaultHome, nameservers, nsHeap, 0);
  }

  /**
   * A fleet whose management tier is a cluster of {@code instances} behind HAProxy, with two
   * nameservers.
   */
  static Fleet startCluster(String homeProperty, String defaultHome, int instances)
      throws Exception {
    return start(homeProperty, defaultHome, 2, null, 0, instances);
  }

  /** As {@link #start(String, String, int, String)} with the UPDATE endpoint on a port (0: off). */
  static Fleet start(
      String homeProperty, String defaultHome, int nameservers, String nsHeap, int updatePort)
      throws Exception {
    return start(homeProperty, defaultHome, nameservers, nsHeap, updatePort, 0);
  }

  private static Fleet start(
      String homeProperty,
      String defaultHome,
      int nameservers,
      String nsHeap,
      int updatePort,
      int instances)
      throws Exception {
    Path home = Path.of(System.getProperty(homeProperty, defaultHome));
    if (Files.exists(home)) {
      Processes.deleteTree(home);
    }
    FleetOptions options =
        new FleetOptions(
            home,
            Path.of(System.getProperty("felu.fleet.dist", "target/fleet")),
            FreePorts.payaraPortBase(instances + 1),
            FreePorts.consecutive(1),
            nameservers,
            FreePorts.consecutive(nameservers),
            FreePorts.consecutive(nameservers),
            FreePorts.consecutive(nameservers),
            FleetOptions.HOST,
            true,
            HeapSettings.defaults(home));
    options = options.withUpdatePort(updatePort).withInstances(instances);
    if (nsHeap != null) {
      options = options.withHeap(options.heap().withNameserver(nsHeap));
    }
    Fleet fleet = new Fleet(options);
    try {
      fleet.start();
    } catch (Exception e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }
}
