package dev.felu.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnverifiedRefusalsTest {
  private static final long MINUTE = 60_000_000_000L;

  @Test
  void aFloodIsOneLineAMinuteWithTheCountsAndTheLastSender() throws Exception {
    long[] now = {0};
    List<String> lines = new ArrayList<>();
    UnverifiedRefusals log = new UnverifiedRefusals(MINUTE, () -> now[0], lines::add);
    InetAddress a = InetAddress.getByName("192.0.2.1");
    InetAddress b = InetAddress.getByName("192.0.2.2");
    log.refused("unsigned", a);
    assertEquals(1, lines.size(), "the first refusal is written at once");
    assertTrue(lines.get(0).contains("{unsigned=1}") && lines.get(0).contains("192.0.2.1"));
    for (int i = 0; i < 10_000; i++) {
      now[0] += 1_000_000L; // 10 s in all
      log.refused(i % 2 == 0 ? "BADKEY" : "BADSIG", b);
    }
    assertEquals(1, lines.size(), "nothing more within the minute");
    now[0] = MINUTE + 1;
    log.refused("BADTIME", b);
    assertEquals(2, lines.size());
    assertTrue(
        lines.get(1).contains("10001 requests")
            && lines.get(1).contains("BADKEY=5000")
            && lines.get(1).contains("BADSIG=5000")
            && lines.get(1).contains("BADTIME=1")
            && lines.get(1).contains("192.0.2.2"),
        lines.get(1));
  }

  @Test
  void reasonsAreBounded() {
    long[] now = {0};
    List<String> lines = new ArrayList<>();
    UnverifiedRefusals log = new UnverifiedRefusals(MINUTE, () -> now[0], lines::add);
    log.refused("unsigned", null);
    for (int i = 0; i < 100; i++) {
      log.refused("made-up-" + i, null);
    }
    now[0] = MINUTE;
    log.refused("unsigned", null);
    String line = lines.get(1);
    assertTrue(line.contains("101 requests") && line.contains("other=93"), line);
    assertEquals(UnverifiedRefusals.MAX_REASONS + 1, line.split("=").length - 1, line);
  }
}
