package dev.felu.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How much heap each server JVM of the fleet gets, and what it does when the heap runs out: it ends
 * at once ({@code -XX:+ExitOnOutOfMemoryError}, exit code {@value #OUT_OF_MEMORY_EXIT}) instead of
 * limping on with threads that died half-way, after writing a heap dump into {@link #dumps()}. A
 * supervisor (the launcher's {@link Supervisor}, or systemd with {@code Restart=on-failure}) starts
 * it again.
 *
 * <p>Dumps are as large as the heap, so at most {@link #keptDumps()} are kept: before each start
 * the oldest are deleted until one more fits. {@code keptDumps} 0 writes none.
 *
 * @param management {@code -Xmx} of the management server (the Payara Server domain), e.g. "1g"
 * @param nameserver {@code -Xmx} of each nameserver (Payara Micro), e.g. "512m"
 * @param dumps the folder heap dumps are written to ({@code java_pid<pid>.hprof})
 * @param keptDumps how many dumps the folder holds at most
 */
public record HeapSettings(String management, String nameserver, Path dumps, int keptDumps) {

  /**
   * The management server keeps no zone data on its heap (about 125 MiB in use after boot, the same
   * with 1,000,000 records; 0.7 to 1.3 MiB per UI user with a 1,000-record zone open): the rest is
   * room for imports, transfers and users. Measured with {@code felu-bench --heap-zones};
   * docs/operations.md "Sizing the heap".
   */
  public static final String DEFAULT_MANAGEMENT = "1g";

  /**
   * A nameserver holds about 45 MiB after boot plus about 460 bytes per record: 1,000 zones of
   * 1,000 records take 480 MiB, and a full snapshot (a forced resync) is built beside the table it
   * serves. Measured with {@code felu-bench --heap-zones}; docs/operations.md "Sizing the heap".
   */
  public static final String DEFAULT_NAMESERVER = "1g";

  public static final int DEFAULT_KEPT_DUMPS = 3;

  /** The JVM's exit code when {@code -XX:+ExitOnOutOfMemoryError} ends it. */
  public static final int OUT_OF_MEMORY_EXIT = 3;

  private static final Pattern SIZE = Pattern.compile("[1-9][0-9]*[kKmMgG]");

  public HeapSettings {
    for (String size : List.of(management, nameserver)) {
      if (size == null || !SIZE.matcher(size).matches()) {
        throw new IllegalArgumentException(
            "a heap size is a number with k, m or g (as -Xmx takes it), e.g. 512m; got " + size);
      }
    }
    if (dumps == null) {
      throw new IllegalArgumentException("the heap dump folder is missing");
    }
    // the JVMs run in other working folders (a Payara domain in its config folder)
    dumps = dumps.toAbsolutePath();
    if (keptDumps < 0) {
      throw new IllegalArgumentException("kept heap dumps must be 0 or more, got " + keptDumps);
    }
  }

  /** The defaults, with dumps in {@code home/dumps}. */
  public static HeapSettings defaults(Path home) {
    return new HeapSettings(
        DEFAULT_MANAGEMENT, DEFAULT_NAMESERVER, home.resolve("dumps"), DEFAULT_KEPT_DUMPS);
  }

  public HeapSettings withNameserver(String heap) {
    return new HeapSettings(management, heap, dumps, keptDumps);
  }

  /** JVM options of the management server's JVM. */
  public List<String> managementOptions() {
    return options(management);
  }

  /** JVM options of a nameserver's JVM. */
  public List<String> nameserverOptions() {
    return options(nameserver);
  }

  private List<String> options(String heap) {
    List<String> options = new ArrayList<>();
    options.add("-Xmx" + heap);
    options.add("-XX:+ExitOnOutOfMemoryError");
    if (keptDumps > 0) {
      options.add("-XX:+HeapDumpOnOutOfMemoryError");
      options.add("-XX:HeapDumpPath=" + dumps);
    }
    return options;
  }

  /**
   * Before a start: makes the dump folder and deletes the oldest dumps until one more fits within
   * {@link #keptDumps()}.
   */
  public void makeRoomForDump() throws IOException {
    if (keptDumps == 0) {
      return;
    }
    Files.createDirectories(dumps);
    List<Path> all;
    try (var files = Files.list(dumps)) {
      all =
          files
              .filter(f -> f.getFileName().toString().endsWith(".hprof"))
              .sorted(Comparator.comparing(HeapSettings::modified))
              .toList();
    }
    for (int i = 0; i <= all.size() - keptDumps; i++) {
      Files.deleteIfExists(all.get(i));
    }
  }

  /** The dump the JVM with this PID wrote when it ran out of memory, if any. */
  public Optional<Path> dumpOf(long pid) {
    Path dump = dumps.resolve("java_pid" + pid + ".hprof");
    return Files.exists(dump) ? Optional.of(dump) : Optional.empty();
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return 0; // gone meanwhile: first in line for deletion, which ignores it
    }
  }
}
