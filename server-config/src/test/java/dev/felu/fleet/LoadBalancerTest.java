package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HAProxy configuration a cluster runs behind: the operator's file with the fleet's frontend
 * and one checked, cookie-named server per instance, which HAProxy itself accepts ({@code haproxy
 * -c}, Debian's package, as the cluster test runs it).
 */
class LoadBalancerTest {
  @Test
  void everyInstanceIsAServerCheckedByReadinessAndHaproxyAcceptsTheFile(@TempDir Path home)
      throws Exception {
    FleetOptions options =
        new FleetOptions(
                home,
                home,
                20000,
                1,
                2,
                2,
                3,
                4,
                FleetOptions.HOST,
                false,
                HeapSettings.defaults(home))
            .withInstances(3);
    String config = LoadBalancer.config(options);
    assertTrue(config.contains("    bind 127.0.0.1:20090\n"), config);
    for (int k = 1; k <= 3; k++) {
      String server =
          "    server felu-"
              + k
              + " 127.0.0.1:"
              + (20000 + 100 * k + 80)
              + " check cookie felu-"
              + k;
      assertTrue(config.contains(server + "\n"), server + " in\n" + config);
    }
    assertTrue(config.contains("option httpchk GET /health/ready"), config);
    assertTrue(
        !config.contains("@BIND@") && !config.contains("@SERVERS@"),
        "every placeholder filled in:\n" + config);

    Path file = home.resolve("haproxy.cfg");
    Files.writeString(file, config);
    Files.createDirectories(home.resolve("logs"));
    String checked =
        Processes.run(
            List.of(LoadBalancer.HAPROXY.toString(), "-c", "-f", file.toString()),
            home.resolve("logs/haproxy-check.log"),
            Map.of(),
            30);
    assertTrue(checked.contains("Configuration file is valid"), checked);
    assertEquals(3, config.lines().filter(l -> l.startsWith("    server ")).count());
  }
}
