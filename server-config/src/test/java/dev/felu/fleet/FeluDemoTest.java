package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The felu-demo command line: its defaults, its help, and bad flags refused by name. */
class FeluDemoTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = FeluDemo.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private static FleetOptions parse(String... args) {
    CommandLine cl = FeluDemo.commandLine();
    FeluDemo.Start start = cl.parseArgs(args).subcommand().commandSpec().commandLine().getCommand();
    return start.options();
  }

  @Test
  void startsTheDocumentedFleetByDefault() {
    FleetOptions o = parse("start", "--home", "/tmp/felu-demo-test", "--dist", "/tmp/dist");
    assertEquals(
        new FleetOptions(
            Path.of("/tmp/felu-demo-test"),
            Path.of("/tmp/dist"),
            8000,
            15432,
            2,
            5301,
            8301,
            8441,
            "127.0.0.1",
            true,
            HeapSettings.defaults(Path.of("/tmp/felu-demo-test")),
            5399),
        o);
    assertEquals(8080, o.httpPort());
  }

  @Test
  void everyFlagReachesTheOptions() {
    FleetOptions o =
        parse(
            "start",
            "--home=/tmp/h",
            "--port-base",
            "9000",
            "--db-port",
            "1",
            "--nameservers",
            "3",
            "--dns-port",
            "2",
            "--ns-http-port",
            "3",
            "--ns-https-port",
            "4",
            "--ns-mgmt-address",
            "10.8.0.1",
            "--no-tls",
            "--management-heap",
            "2g",
            "--ns-heap",
            "512m",
            "--heap-dumps",
            "/tmp/dumps",
            "--kept-heap-dumps",
            "0",
            "--update-port",
            "5",
            "--cluster",
            "3");
    assertEquals(
        List.of(9000, 1, 3, 2, 3, 4),
        List.of(
            o.portBase(),
            o.dbPort(),
            o.nameservers(),
            o.dnsBasePort(),
            o.nsHttpBasePort(),
            o.nsHttpsBasePort()));
    assertEquals("10.8.0.1", o.nsManagementAddress());
    assertEquals(false, o.tls());
    assertEquals(new HeapSettings("2g", "512m", Path.of("/tmp/dumps"), 0), o.heap());
    assertEquals(5, o.updatePort());
    assertEquals(3, o.instances());
    assertEquals("http://127.0.0.1:9090", o.managementUrl(), "HAProxy in front of a cluster");
    assertEquals("http://127.0.0.1:9280", o.instanceUrl(2));
    assertEquals(6, o.instanceUpdatePort(2));
  }

  @Test
  void aClusterOfOneIsRefusedNamingItsFlag() {
    assertEquals(2, run("start", "--home", "/tmp/felu-demo-test-none", "--cluster", "1"));
    assertTrue(err.toString().contains("2 or more instances"), err.toString());
  }

  @Test
  void helpListsEveryFlagWithItsDefault() {
    assertEquals(0, run("start", "--help"));
    for (String flag :
        List.of(
            "--home",
            "--port-base",
            "--db-port",
            "--nameservers",
            "--dns-port",
            "--ns-http-port",
            "--ns-https-port",
            "--ns-mgmt-address",
            "--no-tls",
            "--fresh",
            "--management-heap",
            "--ns-heap",
            "--heap-dumps",
            "--kept-heap-dumps",
            "--update-port",
            "--cluster")) {
      assertTrue(out.toString().contains(flag), flag + " in\n" + out);
    }
    assertTrue(out.toString().contains("(default: 15432)"), out.toString());
  }

  @Test
  void aBadValueIsRefusedNamingItsFlag() {
    assertEquals(2, run("start", "--port-base", "eight"));
    assertTrue(err.toString().contains("--port-base"), err.toString());
    assertTrue(err.toString().contains("eight"), err.toString());
  }

  @Test
  void aHeapSizeJavaWouldNotTakeIsRefusedBeforeAnythingStarts() {
    assertEquals(2, run("start", "--home", "/tmp/felu-demo-test-none", "--management-heap", "1x"));
    assertTrue(err.toString().contains("a heap size is a number"), err.toString());
  }

  @Test
  void anUnknownFlagOrCommandIsRefused() {
    assertEquals(2, run("start", "--bogus"));
    assertTrue(err.toString().contains("--bogus"), err.toString());
    assertEquals(2, run("restart"));
    assertEquals(2, run());
  }
}
