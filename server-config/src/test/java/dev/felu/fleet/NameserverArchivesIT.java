package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The nameserver carries nothing of the management side: no class of ours in {@code felu-ns.rar} or
 * {@code ns.war} (nested jars included) refers to {@code jakarta.persistence}, so neither the JPA
 * entities nor anything that uses them ships to the nameservers. Reads the archives the build
 * assembled for the fleet.
 */
class NameserverArchivesIT {
  private static final Path FLEET = Path.of(System.getProperty("felu.fleet.dist", "target/fleet"));
  private static final byte[] JPA = "jakarta/persistence".getBytes(StandardCharsets.ISO_8859_1);

  @Test
  void theNameserverArchivesHoldNoPersistenceClassOfOurs() throws IOException {
    for (String archive : List.of("felu-ns.rar", "ns.war")) {
      Path file = FLEET.resolve(archive);
      assertTrue(Files.isRegularFile(file), file + " was not built");
      List<String> ours = new ArrayList<>();
      List<String> persistent = new ArrayList<>();
      try (InputStream in = Files.newInputStream(file)) {
        scan(archive, in, ours, persistent);
      }
      assertTrue(!ours.isEmpty(), archive + " holds no class of ours: the scan read nothing");
      assertEquals(List.of(), persistent, archive + ": classes of ours that use JPA");
    }
  }

  /** Walks a zip and every jar inside it, collecting our classes and those that name JPA. */
  private static void scan(String where, InputStream zip, List<String> ours, List<String> jpa)
      throws IOException {
    ZipInputStream z = new ZipInputStream(zip);
    for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
      String name = e.getName();
      if (name.endsWith(".jar")) {
        scan(where + "!" + name, new ByteArrayInputStream(z.readAllBytes()), ours, jpa);
      } else if (name.endsWith(".class") && name.contains("dev/felu/")) {
        String at = where + "!" + name;
        ours.add(at);
        if (contains(z.readAllBytes(), JPA)) {
          jpa.add(at);
        }
      }
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
