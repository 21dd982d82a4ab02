package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units and the heap command file an operator installs say what the demo launcher does
 * ({@link HeapSettings}), so the two cannot drift apart; and systemd parses the units.
 */
class SystemdUnitsTest {
  private static final Path UNITS = Path.of("systemd");
  private static final HeapSettings OPERATOR =
      new HeapSettings(
          HeapSettings.DEFAULT_MANAGEMENT,
          HeapSettings.DEFAULT_NAMESERVER,
          Path.of("/var/lib/felu/dumps"),
          HeapSettings.DEFAULT_KEPT_DUMPS);

  @TempDir Path dir;

  @Test
  void theNameserverUnitStartsTheJvmWithTheLaunchersOptionsAndRestartsItOnFailure()
      throws Exception {
    String unit = Files.readString(UNITS.resolve("felu-nameserver@.service"));
    List<String> exec = Arrays.asList(value(unit, "ExecStart").split(" "));
    assertEquals("/usr/bin/java", exec.get(0));
    assertEquals(OPERATOR.nameserverOptions(), exec.subList(1, exec.indexOf("-jar")));
    // what an operator looks for: the heap's start and ceiling, the collector
    assertTrue(exec.containsAll(List.of("-Xms32m", "-Xmx512m", "-XX:+UseSerialGC")), unit);
    assertRestartsOnFailure(unit);
  }

  @Test
  void theManagementUnitFollowsTheDomainsPidFileAndRestartsItOnFailure() throws Exception {
    String unit = Files.readString(UNITS.resolve("felu-management.service"));
    assertEquals("forking", value(unit, "Type"));
    assertTrue(
        value(unit, "PIDFile").endsWith("/domains/" + ManagementServer.DOMAIN + "/config/pid"));
    assertRestartsOnFailure(unit);
  }

  @Test
  void theHeapCommandFileSetsTheLaunchersManagementOptions() throws Exception {
    String commands;
    try (InputStream in = getClass().getResourceAsStream("/asadmin/heap.asadmin")) {
      commands = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> created =
        commands
            .lines()
            .filter(l -> l.startsWith("create-jvm-options "))
            .map(l -> l.substring("create-jvm-options ".length()))
            .map(o -> o.replace("\"", "").replace("\\:", ":"))
            .toList();
    assertEquals(OPERATOR.managementOptions(), created);
  }

  @Test
  void systemdParsesTheUnits() throws Exception {
    Path analyze = Path.of("/usr/bin/systemd-analyze");
    Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
    Path ns =
        Files.copy(
            UNITS.resolve("felu-nameserver@.service"), dir.resolve("felu-nameserver@ns1.service"));
    Path management =
        Files.copy(
            UNITS.resolve("felu-management.service"), dir.resolve("felu-management.service"));
    Process p =
        new ProcessBuilder(analyze.toString(), "verify", ns.toString(), management.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    // on a build machine the install paths (/opt/payara6, /opt/felu) do not exist: that is all it
    // may complain about
    List<String> complaints =
        out.lines()
            .filter(l -> !l.isBlank())
            .filter(
                l -> !l.matches(".*Command /opt/\\S+ is not executable: No such file or directory"))
            .toList();
    assertEquals(List.of(), complaints, out);
  }

  private static void assertRestartsOnFailure(String unit) {
    assertEquals("on-failure", value(unit, "Restart"));
    assertTrue(value(unit, "RestartSec").matches("\\d+s"));
    assertEquals("143", value(unit, "SuccessExitStatus"), "a stop (SIGTERM) is no failure");
    // the dump folder keeps the newest keptDumps - 1 before a start, as HeapSettings does
    assertTrue(
        unit.contains("| tail -n +" + OPERATOR.keptDumps() + " |"),
        "dumps pruned to the same bound");
    assertTrue(unit.contains(OPERATOR.dumps() + "/*.hprof"));
  }

  private static String value(String unit, String key) {
    return unit.lines()
        .filter(l -> l.startsWith(key + "="))
        .map(l -> l.substring(key.length() + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + key + "= in the unit"));
  }
}
