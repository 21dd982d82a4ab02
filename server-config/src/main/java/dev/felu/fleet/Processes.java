package dev.felu.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the commands a fleet needs, with their output in log files rather than on the console, and
 * does the file chores around its processes (PID files, runtime folders).
 */
final class Processes {
  private Processes() {}

  /** Runs a command to its end; fails with its output when it exits non-zero. */
  static String run(List<String> command, Path log, Map<String, String> env, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(log.getParent(), "cmd", ".out");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      pb.environment().putAll(env);
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(
            "timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
      }
      String output = Files.readString(out, StandardCharsets.UTF_8);
      Files.writeString(
          log,
          "$ " + String.join(" ", command) + "\n" + output + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      if (p.exitValue() != 0) {
        throw new IOException(
            "exit "
                + p.exitValue()
                + " from: "
                + String.join(" ", command)
                + "\n"
                + output.strip());
      }
      return output;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  static void writePid(Path file, long pid) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, Long.toString(pid) + "\n");
  }

  /** The process whose PID the file's first line holds, if it still runs. */
  static Optional<ProcessHandle> alive(Path pidFile) {
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      long p = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      return ProcessHandle.of(p).filter(ProcessHandle::isAlive);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Deletes a folder and everything in it (a fleet's home, a nameserver's runtime folder). */
  static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * Stops a server the launcher started (SIGTERM, then SIGKILL after 30 s) and removes the shutdown
   * hook that would have stopped it at exit.
   */
  static void stop(Process p, Thread hook) throws InterruptedException {
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
  }
}
