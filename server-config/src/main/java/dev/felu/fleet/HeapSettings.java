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
   * A nameserver holds about 45 MiB after boot plus about 50 bytes per short record in the compact
   * zone table (1,000,000 records: about 50 MiB), and a full snapshot (a forced resync) is built
   * beside the table it serves: by {@code MemoryGuard}'s rule 512m takes about 4 million short
   * records. It is a ceiling, not what the JVM takes: the heap starts at {@link
   * #NAMESERVER_INITIAL} and grows only as far as the data needs. docs/operations.md "Sizing the
   * heap".
   */
  public static final String DEFAULT_NAMESERVER = "512m";

  /**
   * The heap a nameserver starts with ({@code -Xms}). Without it the JVM starts with 1/64 of the
   * machine's memory (377 MiB on a 24 GB machine) and keeps that committed; the serial collector
   * then grows the heap only as far as live data needs. docs/nameserver.md "JVM settings".
   */
  public static final String NAMESERVER_INITIAL = "32m";

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
    List<String> options = new ArrayList<>();
    options.add("-Xmx" + management);
    options.addAll(outOfMemoryOptions());
    return options;
  }

  /**
   * JVM options of a nameserver's JVM: a small initial heap that grows up to {@link #nameserver()},
   * and the serial collector, chosen for a heap of a few hundred MiB on few cores: no concurrent GC
   * threads and almost no GC bookkeeping outside the heap (G1 kept about 50 MiB of remembered sets
   * and bitmaps beside a 1g heap); the zone table is a few large arrays of primitives, which a
   * collection does not trace. docs/nameserver.md "JVM settings".
   */
  public List<String> nameserverOptions() {
    List<String> options = new ArrayList<>();
    String initial =
        bytes(nameserver) < bytes(NAMESERVER_INITIAL) ? nameserver : NAMESERVER_INITIAL;
    options.add("-Xms" + initial);
    options.add("-Xmx" + nameserver);
    options.add("-XX:+UseSerialGC");
    // grow the heap when less than 10 % is free after a collection, give back what is beyond 30 %
    // (the defaults, 40 % and 70 %, kept 133 MiB committed for a table of 51 MiB)
    options.add("-XX:MinHeapFreeRatio=10");
    options.add("-XX:MaxHeapFreeRatio=30");
    options.addAll(outOfMemoryOptions());
    return options;
  }

  private List<String> outOfMemoryOptions() {
    List<String> options = new ArrayList<>();
    options.add("-XX:+ExitOnOutOfMemoryError");
    if (keptDumps > 0) {
      options.add("-XX:+HeapDumpOnOutOfMemoryError");
      options.add("-XX:HeapDumpPath=" + dumps);
    }
    return options;
  }

  /** A size as -Xmx takes it ("512m"), in bytes. */
  static long bytes(String size) {
    long n = Long.parseLong(size.substring(0, size.length() - 1));
    return switch (Character.toLowerCase(size.charAt(size.length() - 1))) {
      case 'k' -> n << 10;
      case 'm' -> n << 20;
      default -> n << 30;
    };
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
