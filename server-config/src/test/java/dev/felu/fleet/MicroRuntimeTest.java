package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nameservers' shared Payara Micro runtime and its class data sharing archive, without a JVM:
 * the runtime folder stands in as {@code --outputlauncher} leaves it.
 */
class MicroRuntimeTest {
  @TempDir Path dir;
  private Path dist;
  private Path runtime;
  private final Path noJava = Path.of("/nonexistent/java");

  @BeforeEach
  void unpackedRuntime() throws Exception {
    dist = Files.createDirectories(dir.resolve("dist"));
    for (String f : List.of("payara-micro.jar", "felu-ns.rar", "ns.war")) {
      Files.writeString(dist.resolve(f), f);
    }
    runtime = Files.createDirectories(dir.resolve("micro-runtime"));
    Files.writeString(
        runtime.resolve(".env"),
        "MICRO_CLASSPATH=launch-micro.jar:runtime/a.jar\n"
            + "MICRO_OPENS=\"--add-opens java.base/java.lang=ALL-UNNAMED"
            + " --add-exports java.base/jdk.internal.ref=ALL-UNNAMED\"\n"
            + "MICRO_MAIN=fish.payara.micro.impl.RootDirLauncher\n");
    Files.createDirectories(runtime.resolve("config/branding"));
    Files.writeString(runtime.resolve("config/domain.xml"), "<domain/>");
    Files.writeString(runtime.resolve("config/branding/version.properties"), "v");
    Files.writeString(
        runtime.resolve("felu-runtime.stamp"),
        MicroRuntime.describe(dist.resolve("payara-micro.jar")));
  }

  private MicroRuntime prepare() throws Exception {
    // the stamp matches this payara-micro.jar: nothing is unpacked (no JVM is run)
    return MicroRuntime.prepare(dist, runtime, noJava, dir.resolve("logs/runtime.log"));
  }

  @Test
  void theFirstRunWritesTheArchiveAndLaterRunsMapIt() throws Exception {
    MicroRuntime micro = prepare();
    assertTrue(micro.needsTraining());
    List<String> first = micro.jvmArguments("ns1");
    assertEquals(
        List.of(
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-exports",
            "java.base/jdk.internal.ref=ALL-UNNAMED"),
        first.subList(0, 4));
    assertTrue(first.contains("-Dfish.payara.micro.UnpackDir=" + runtime));
    assertTrue(first.contains("-XX:ArchiveClassesAtExit=" + micro.trainingArchive("ns1")));
    assertEquals(
        List.of("-cp", runtime.resolve("launch-micro.jar").toString(), MicroRuntime.MAIN),
        first.subList(first.size() - 3, first.size()));

    Files.writeString(micro.trainingArchive("ns1"), "archive");
    assertEquals(Optional.of(micro.archive()), micro.keepTrainingArchive("ns1", 143));
    assertFalse(micro.needsTraining());
    List<String> later = prepare().jvmArguments("ns2");
    assertTrue(later.contains("-XX:SharedArchiveFile=" + micro.archive()));
    assertTrue(later.contains("-Xshare:auto"), "a stale or damaged archive never stops a start");
    assertFalse(later.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit")));
  }

  @Test
  void aRunThatDidNotEndAsStoppedLeavesNoArchive() throws Exception {
    MicroRuntime micro = prepare();
    micro.jvmArguments("ns1");
    Files.writeString(micro.trainingArchive("ns1"), "half written");
    assertEquals(Optional.empty(), micro.keepTrainingArchive("ns1", 137)); // SIGKILL
    assertFalse(Files.exists(micro.trainingArchive("ns1")));
    assertEquals(Optional.empty(), micro.keepTrainingArchive("ns1", 143)); // nothing written
    assertTrue(micro.needsTraining());
  }

  @Test
  void aRebuiltNameserverArchiveMakesTheNextRunTrainAgainAndTheOldArchiveGoes() throws Exception {
    MicroRuntime micro = prepare();
    micro.jvmArguments("ns1");
    Files.writeString(micro.trainingArchive("ns1"), "archive");
    micro.keepTrainingArchive("ns1", 143);
    Path old = micro.archive();

    Files.setLastModifiedTime(dist.resolve("ns.war"), FileTime.fromMillis(1_000_000));
    MicroRuntime rebuilt = prepare();
    assertTrue(rebuilt.needsTraining());
    rebuilt.jvmArguments("ns1");
    Files.writeString(rebuilt.trainingArchive("ns1"), "archive");
    rebuilt.keepTrainingArchive("ns1", 143);
    assertTrue(Files.exists(rebuilt.archive()));
    assertFalse(Files.exists(old));
  }

  @Test
  void eachNameserverStartsFromThePristineConfiguration() throws Exception {
    Path root = dir.resolve("run/ns1/micro");
    prepare().seed(root);
    assertEquals("<domain/>", Files.readString(root.resolve("config/domain.xml")));
    assertEquals("v", Files.readString(root.resolve("config/branding/version.properties")));
  }
}
