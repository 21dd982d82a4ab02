package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the bench reads from a nameserver's log: the link's connect → serving after a restart. */
class BenchTest {
  private static final String BEFORE =
      "[2026-12-02T00:25:10.000+0000] [] [INFO] [] [dev.felu.ns.web.ConfigEndpoint] [tid: 1]"
          + " [timeMillis: 1000] [levelValue: 800] management server connected (empty)\n"
          + "[2026-12-02T00:25:11.000+0000] [] [INFO] [] [dev.felu.ns.config.ConfigReceiver]"
          + " [tid: 1] [timeMillis: 2000] [levelValue: 800] applied snapshot of revision 3\n";

  @Test
  void readsConnectToServingFromTheLogWrittenSinceTheRestart(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("ns1.log");
    String after =
        "[2026-12-02T00:26:00.000+0000] [] [INFO] [] [dev.felu.ns.web.ConfigEndpoint] [tid: 2]"
            + " [timeMillis: 60000] [levelValue: 800] management server connected (empty)\n"
            + "some other line\n"
            + "[2026-12-02T00:26:09.000+0000] [] [INFO] [] [dev.felu.ns.config.ConfigReceiver]"
            + " [tid: 3] [timeMillis: 69250] [levelValue: 800] applied snapshot of revision 1010"
            + " (1000 zones, 1000000 records, hash 0123)\n";
    Files.writeString(log, BEFORE + after);
    assertEquals(9.25, Bench.connectToServing(log, BEFORE.length()), 1e-9);
  }

  @Test
  void isNotANumberWhenTheLogShowsNoApply(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("ns1.log");
    Files.writeString(log, BEFORE);
    assertTrue(Double.isNaN(Bench.connectToServing(log, BEFORE.length())));
  }
}
