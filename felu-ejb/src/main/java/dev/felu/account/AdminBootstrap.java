package dev.felu.account;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first admin, from configuration, on the first start against an empty account table: {@code
 * felu.admin.username} (default {@code admin}) and {@code felu.admin.password} (no default: without
 * it no account is made and a warning says how to fix that). Later starts change nothing, so a
 * password changed through the API stays changed.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration") // the schema exists before anything reads it
public class AdminBootstrap {
  private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());

  @Inject AccountService accounts;

  @Inject
  @ConfigProperty(name = "felu.admin.username", defaultValue = "admin")
  String username;

  @Inject
  @ConfigProperty(name = "felu.admin.password")
  Optional<String> password;

  @PostConstruct
  void ensureAdmin() {
    if (accounts.count() > 0) {
      return;
    }
    Optional<String> configured = password.filter(p -> !p.isBlank());
    if (configured.isEmpty()) {
      LOG.warning(
          "no account exists and felu.admin.password is not set: nobody can log in. Set"
              + " felu.admin.password (system property, FELU_ADMIN_PASSWORD, or a password alias)"
              + " and restart to create the first admin");
      return;
    }
    if (configured.get().length() < AccountService.MIN_PASSWORD) {
      LOG.warning(
          "felu.admin.password is shorter than "
              + AccountService.MIN_PASSWORD
              + " characters: no admin account created");
      return;
    }
    accounts.createFirstAdmin(username.trim(), configured.get().toCharArray());
    LOG.info("created the first admin account '" + username.trim() + "' from configuration");
  }
}
