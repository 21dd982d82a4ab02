package dev.felu.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Payara Micro unpacked once and shared by the fleet's nameservers, with a class data sharing
 * archive of what a nameserver loads (docs/nameserver.md "JVM settings").
 *
 * <p>{@code java -jar payara-micro.jar} unpacks its runtime (about 100 MB of jars) into every
 * nameserver's runtime folder at every start and loads Payara's 13,000 classes through its own
 * class loader from there. Payara Micro's {@code --outputlauncher} instead unpacks it once into a
 * folder ({@link #dir()}) with a launcher jar whose manifest puts the runtime on the class path;
 * started from that class path, the JVM can map those classes from a CDS archive (JEP 350, a
 * dynamic archive on top of the JDK's own) instead of finding, parsing and verifying them: it boots
 * on about a third less CPU. Each nameserver still gets its own, empty runtime folder ({@code
 * --rootdir}, its configuration and deployments), seeded with the launcher's pristine {@code
 * config}; the launcher's own main class would make the shared folder every nameserver's runtime
 * folder, so the nameserver is started with the class it hands over to ({@link #MAIN}) and the two
 * system properties it sets.
 *
 * <p>The archive is made by a nameserver's first run ({@code -XX:ArchiveClassesAtExit}: written
 * when that JVM is stopped) and used by every later start ({@code -XX:SharedArchiveFile} with
 * {@code -Xshare:auto}: an archive the JVM finds stale or damaged is ignored, never a reason not to
 * start). Its name is a digest of the JVM, Payara Micro and the two nameserver archives, so a
 * rebuilt {@code felu-ns.rar} or another JDK makes the next start train a new one.
 */
final class MicroRuntime {
  /** The class Payara Micro's {@code RootDirLauncher} hands over to. */
  static final String MAIN = "fish.payara.micro.impl.PayaraMicroImpl";

  private static final String STAMP = "felu-runtime.stamp";
  private static final Object UNPACKING = new Object();

  private final Path dir;
  private final List<String> moduleOptions;
  private final String archiveKey;

  private MicroRuntime(Path dir, List<String> moduleOptions, String archiveKey) {
    this.dir = dir;
    this.moduleOptions = moduleOptions;
    this.archiveKey = archiveKey;
  }

  /**
   * The runtime of {@code dist}'s Payara Micro in {@code dir}, unpacked there first when it is
   * missing or was unpacked from another {@code payara-micro.jar}.
   */
  static MicroRuntime prepare(Path dist, Path dir, Path java, Path log)
      throws IOException, InterruptedException {
    Path microJar = dist.resolve("payara-micro.jar");
    String stamp = describe(microJar);
    // the nameservers of a fleet start side by side: one unpacks, the others wait for it
    synchronized (UNPACKING) {
      Path stampFile = dir.resolve(STAMP);
      if (!Files.exists(stampFile) || !Files.readString(stampFile).equals(stamp)) {
        if (Files.exists(dir)) {
          Processes.deleteTree(dir);
        }
        Files.createDirectories(dir.getParent());
        Files.createDirectories(log.getParent());
        Processes.run(
            List.of(
                java.toString(),
                "-jar",
                microJar.toString(),
                "--rootdir",
                dir.toString(),
                "--outputlauncher"),
            log,
            Map.of(),
            300);
        Files.writeString(stampFile, stamp);
      }
    }
    String key =
        digest(
            System.getProperty("java.vm.version"),
            java.toString(),
            stamp,
            describe(dist.resolve("felu-ns.rar")),
            describe(dist.resolve("ns.war")));
    return new MicroRuntime(dir, readModuleOptions(dir.resolve(".env")), key);
  }

  Path dir() {
    return dir;
  }

  /** The archive every start maps, once a first run has written it. */
  Path archive() {
    return dir.resolve("cds").resolve("felu-ns-" + archiveKey + ".jsa");
  }

  /** Where a nameserver's training run writes the archive when its JVM ends. */
  Path trainingArchive(String nameserver) {
    return dir.resolve("cds").resolve("felu-ns-" + archiveKey + "." + nameserver + ".tmp");
  }

  /** Whether the next start is a training run (no archive yet). */
  boolean needsTraining() {
    return !Files.exists(archive());
  }

  /**
   * What comes between {@code java} (with its heap options) and Payara Micro's own options: the
   * module options the launcher jar's manifest asks for, its two system properties, the archive
   * (used, or written by this run) and the main class on the launcher's class path.
   */
  List<String> jvmArguments(String nameserver) throws IOException {
    List<String> args = new ArrayList<>(moduleOptions);
    Path launcher = dir.resolve("launch-micro.jar");
    args.add("-Dfish.payara.micro.BootJar=" + launcher.toUri());
    args.add("-Dfish.payara.micro.UnpackDir=" + dir);
    Files.createDirectories(archive().getParent());
    if (needsTraining()) {
      Files.deleteIfExists(trainingArchive(nameserver));
      args.add("-XX:ArchiveClassesAtExit=" + trainingArchive(nameserver));
      // the classes it cannot archive (generated, old class file versions) are not news for the log
      args.add("-Xlog:cds=error");
    } else {
      args.add("-XX:SharedArchiveFile=" + archive());
      args.add("-Xshare:auto");
    }
    args.add("-cp");
    args.add(launcher.toString());
    args.add(MAIN);
    return args;
  }

  /**
   * Gives a nameserver's empty runtime folder the configuration Payara Micro starts from (its
   * launcher's pristine {@code config}: domain.xml, logging, default keystores).
   */
  void seed(Path rootDir) throws IOException {
    Path from = dir.resolve("config");
    Path to = rootDir.resolve("config");
    try (var files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /**
   * After a training run's JVM ended as stopped ({@code exitCode} 143, SIGTERM, or 0): its archive
   * becomes the one later starts map, replacing older ones. Anything else (killed, out of memory)
   * leaves no archive behind, and the next start trains again.
   */
  Optional<Path> keepTrainingArchive(String nameserver, int exitCode) throws IOException {
    Path written = trainingArchive(nameserver);
    if ((exitCode != 143 && exitCode != 0) || !Files.exists(written) || Files.size(written) == 0) {
      Files.deleteIfExists(written);
      return Optional.empty();
    }
    if (Files.exists(archive())) {
      Files.delete(written); // another nameserver's run was first
      return Optional.of(archive());
    }
    Files.move(written, archive(), StandardCopyOption.ATOMIC_MOVE);
    try (var old = Files.list(archive().getParent())) {
      for (Path f : (Iterable<Path>) old::iterator) {
        if (f.getFileName().toString().endsWith(".jsa") && !f.equals(archive())) {
          Files.deleteIfExists(f);
        }
      }
    }
    return Optional.of(archive());
  }

  /** {@code MICRO_OPENS="--add-opens …"} of the launcher's {@code .env}, as arguments. */
  private static List<String> readModuleOptions(Path env) throws IOException {
    for (String line : Files.readAllLines(env, StandardCharsets.UTF_8)) {
      if (line.startsWith("MICRO_OPENS=")) {
        String value = line.substring("MICRO_OPENS=".length()).replace("\"", "").strip();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
      }
    }
    throw new IOException("no MICRO_OPENS in " + env + " (written by --outputlauncher)");
  }

  /** A file as the stamp and the archive's name see it: path, size, last modified. */
  static String describe(Path file) throws IOException {
    return file.toAbsolutePath()
        + " "
        + Files.size(file)
        + " "
        + Files.getLastModifiedTime(file).toMillis();
  }

  private static String digest(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
