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
    Path home = Path.of(System.getProperty(homeProperty, defaultHome));
    if (Files.exists(home)) {
      Fleet.deleteTree(home);
    }
    FleetOptions options =
        new FleetOptions(
            home,
            Path.of(System.getProperty("felu.fleet.dist", "target/fleet")),
            FreePorts.payaraPortBase(),
            FreePorts.consecutive(1),
            2,
            FreePorts.consecutive(2),
            FreePorts.consecutive(2),
            FreePorts.consecutive(2),
            FleetOptions.HOST,
            true);
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
