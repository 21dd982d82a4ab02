package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor with real child JVMs: one that runs out of heap under the fleet's JVM options
 * (exit code 3, a heap dump) is started again; one that keeps failing is given up on, loudly.
 */
class SupervisorIT {
  @TempDir Path dir;

  private final List<String> log = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getLogger(Supervisor.class.getName());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          log.add(r.getLevel() + " " + r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final List<JavaChild> children = new ArrayList<>();

  @BeforeEach
  void captureLog() {
    logger.addHandler(capture);
  }

  @AfterEach
  void stopChildren() {
    logger.removeHandler(capture);
    children.forEach(JavaChild::stop);
  }

  @Test
  void aJvmThatRunsOutOfMemoryEndsWithCode3AndADumpAndIsStartedAgain() throws Exception {
    HeapSettings heap = new HeapSettings("1g", "32m", dir.resolve("dumps"), 3);
    heap.makeRoomForDump();
    // the first run allocates until the heap is full, the restarted one runs quietly
    JavaChild child = child("hog", heap.nameserverOptions(), run -> run == 0 ? "hog" : "idle");
    child.restart();
    long firstPid = child.process().orElseThrow().pid();
    try (Supervisor supervisor = new Supervisor(fast(5), heap::dumpOf)) {
      supervisor.watch(child);
      Await.until("hog restarted", Duration.ofMinutes(2), () -> supervisor.restarts("hog") == 1);
      Await.until(
          "hog running again",
          Duration.ofMinutes(1),
          () -> child.process().filter(ProcessHandle::isAlive).isPresent());
      assertTrue(child.process().orElseThrow().pid() != firstPid);
      Path dump = dir.resolve("dumps/java_pid" + firstPid + ".hprof");
      assertTrue(Files.size(dump) > 0, "heap dump written");
      assertTrue(
          log.stream()
              .anyMatch(
                  l ->
                      l.startsWith(
                          "SEVERE hog (pid "
                              + firstPid
                              + ") exited with code 3 (out of memory), heap dump in "
                              + dump
                              + "; restarting in ")),
          log.toString());
      assertEquals(1, supervisor.restarts("hog"));
    }
  }

  @Test
  void aProcessThatKeepsFailingIsGivenUpOnLoudly() throws Exception {
    JavaChild child = child("flaky", List.of("-Xmx16m"), run -> "1");
    child.restart();
    try (Supervisor supervisor = new Supervisor(fast(2), pid -> Optional.empty())) {
      supervisor.watch(child);
      Await.until("given up", Duration.ofMinutes(2), () -> supervisor.gaveUp("flaky"));
      assertEquals(2, supervisor.restarts("flaky"));
      assertTrue(
          log.stream().anyMatch(l -> l.startsWith("SEVERE flaky") && l.contains("giving up")),
          log.toString());
    }
  }

  @Test
  void aProcessStoppedOnPurposeStaysDown() throws Exception {
    JavaChild child = child("quiet", List.of("-Xmx16m"), run -> "idle");
    child.restart();
    try (Supervisor supervisor = new Supervisor(fast(5), pid -> Optional.empty())) {
      supervisor.watch(child);
      child.stop();
      // a stop takes effect on the watcher's next look (within a second): one more look after it
      Thread.sleep(2500);
      assertEquals(0, supervisor.restarts("quiet"));
    }
  }

  private static Supervisor.Policy fast(int maxRestarts) {
    return new Supervisor.Policy(
        maxRestarts, Duration.ofMinutes(10), Duration.ofMillis(50), Duration.ofMillis(200));
  }

  private JavaChild child(String name, List<String> jvmOptions, IntFunction<String> argument) {
    JavaChild c = new JavaChild(name, jvmOptions, argument);
    children.add(c);
    return c;
  }

  /** A child JVM running {@link Hog}; each start picks its argument by how often it ran. */
  private static final class JavaChild implements Supervisor.Child {
    private final String name;
    private final List<String> jvmOptions;
    private final IntFunction<String> argument;
    private volatile Process process;
    private volatile boolean stopped;
    private int runs;

    JavaChild(String name, List<String> jvmOptions, IntFunction<String> argument) {
      this.name = name;
      this.jvmOptions = jvmOptions;
      this.argument = argument;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Optional<ProcessHandle> process() {
      Process p = process;
      return p == null ? Optional.empty() : Optional.of(p.toHandle());
    }

    @Override
    public OptionalInt exitCode() {
      Process p = process;
      return p == null || p.isAlive() ? OptionalInt.empty() : OptionalInt.of(p.exitValue());
    }

    @Override
    public boolean stoppedOnPurpose() {
      return stopped;
    }

    @Override
    public void restart() throws Exception {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(jvmOptions);
      cmd.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              Hog.class.getName(),
              argument.apply(runs++)));
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    }

    void stop() {
      stopped = true;
      Process p = process;
      if (p != null) {
        p.destroyForcibly();
      }
    }
  }
}
