package dev.felu.fleet;

import java.io.IOException;
import java.nio.file.Path;
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

  public static String of(Path home) throws IOException {
    return Secrets.of(home.resolve(FILE), 18, Base64.getUrlEncoder().withoutPadding());
  }

  public static Path file(Path home) {
    return home.resolve(FILE);
  }
}
