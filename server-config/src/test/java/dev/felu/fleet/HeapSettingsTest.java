package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapSettingsTest {
  @TempDir Path dir;

  @Test
  void aServerJvmEndsOnOutOfMemoryAndDumpsItsHeapIntoTheDumpFolder() {
    HeapSettings heap = new HeapSettings("1g", "512m", Path.of("/srv/dumps"), 3);
    assertEquals(
        List.of(
            "-Xms32m",
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:+HeapDumpOnOutOfMemoryError",
            "-XX:HeapDumpPath=/srv/dumps"),
        heap.nameserverOptions());
    assertEquals(
        List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError"),
        new HeapSettings("1g", "512m", Path.of("/srv/dumps"), 0).managementOptions());
  }

  @Test
  void aNameserverStartsWithASmallHeapThatGrowsUpToItsMaximum() {
    assertEquals(
        List.of(
            "-Xms32m",
            "-Xmx2g",
            "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "-XX:+ExitOnOutOfMemoryError"),
        new HeapSettings("1g", "2g", dir, 0).nameserverOptions());
    // never an initial heap above the maximum, which the JVM refuses to start with
    assertEquals(
        List.of(
            "-Xms16m",
            "-Xmx16m",
            "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "-XX:+ExitOnOutOfMemoryError"),
        new HeapSettings("1g", "16m", dir, 0).nameserverOptions());
    assertEquals(
        List.of(
            "-Xms32m",
            "-Xmx1g",
            "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "-XX:+ExitOnOutOfMemoryError"),
        new HeapSettings("1g", "1g", dir, 0).nameserverOptions());
  }

  @Test
  void theDefaultNameserverHeapIsACeilingForMillionsOfRecords() {
    HeapSettings heap = HeapSettings.defaults(dir);
    assertEquals("512m", heap.nameserver());
    assertEquals("1g", heap.management(), "the management server's heap is unchanged");
    assertEquals(
        List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError"), heap.managementOptions().subList(0, 2));
  }

  @Test
  void heapSizesAreWhatXmxTakes() {
    assertThrows(IllegalArgumentException.class, () -> new HeapSettings("1 GB", "512m", dir, 3));
    assertThrows(IllegalArgumentException.class, () -> new HeapSettings("1g", "-1m", dir, 3));
    assertThrows(IllegalArgumentException.class, () -> new HeapSettings("1g", "512m", dir, -1));
  }

  @Test
  void beforeAStartTheOldestDumpsMakeRoomForOneMore() throws Exception {
    HeapSettings heap = new HeapSettings("1g", "512m", dir, 3);
    for (int i = 1; i <= 4; i++) {
      Path dump = Files.writeString(dir.resolve("java_pid" + i + ".hprof"), "dump");
      Files.setLastModifiedTime(dump, FileTime.fromMillis(1_000_000L * i));
    }
    Files.writeString(dir.resolve("notes.txt"), "kept");
    heap.makeRoomForDump();
    try (var files = Files.list(dir)) {
      assertEquals(
          List.of("java_pid3.hprof", "java_pid4.hprof", "notes.txt"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
    assertEquals(dir.resolve("java_pid4.hprof"), heap.dumpOf(4).orElseThrow());
    assertEquals(java.util.Optional.empty(), heap.dumpOf(1));
  }
}
