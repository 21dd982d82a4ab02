package dev.felu.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What stands in for an operator's secret store in the demo: each secret is random, made once per
 * fleet home and kept in a file of its own that only its owner may read (mode 0600), so a restart
 * finds the same one. Files are created with that mode, never widened afterwards.
 */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /**
   * The secret kept in {@code file}; on first use {@code bytes} random bytes in {@code encoder}'s
   * Base64, written there.
   */
  static synchronized String of(Path file, int bytes, Base64.Encoder encoder) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    String secret = encoder.encodeToString(b);
    write(file, secret + "\n");
    return secret;
  }

  /**
   * Replaces {@code file} with {@code content}: written to a sibling created with mode 0600, then
   * moved over it, so a reader sees the old or the new content and no one else ever can.
   */
  static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, ownerOnly());
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static FileAttribute<?> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  }
}
