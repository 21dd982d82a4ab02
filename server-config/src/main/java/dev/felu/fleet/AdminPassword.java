package dev.felu.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The demo's first admin password: random, made once per fleet home and kept in {@code
 * <home>/admin-password} (mode 0600) so that {@code felu-demo password} can show it again. The
 * management server gets it as {@code FELU_ADMIN_PASSWORD} in its environment, and uses it only
 * when no account exists yet.
 */
public final class AdminPassword {
  public static final String USERNAME = "admin";
  static final String FILE = "admin-password";

  private AdminPassword() {}

  public static synchronized String of(Path home) throws IOException {
    Path file = home.resolve(FILE);
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    Files.createDirectories(home);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    return password;
  }

  public static Path file(Path home) {
    return home.resolve(FILE);
  }
}
