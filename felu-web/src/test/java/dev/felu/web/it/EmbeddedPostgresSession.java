package dev.felu.web.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts one real PostgreSQL (zonky's embedded binaries) per test JVM, before Arquillian boots
 * Payara Micro, on the port the build reserved ({@code felu.test.db.port}); Micro's JDBC pool
 * points there (micro-postboot.asadmin). Stops it when the test session ends.
 */
public class EmbeddedPostgresSession implements LauncherSessionListener {
  private EmbeddedPostgres postgres;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    String port = System.getProperty("felu.test.db.port");
    if (port == null || postgres != null) {
      return; // not an integration-test JVM
    }
    // the link master key of the container under test (arquillian.xml passes it on): made per run,
    // never committed
    if (System.getProperty("felu.test.link.master-key") == null) {
      System.setProperty("felu.test.link.master-key", dev.felu.link.KeySealer.generateMasterKey());
    }
    try {
      postgres =
          EmbeddedPostgres.builder()
              .setPort(Integer.parseInt(port))
              .setServerConfig("listen_addresses", "127.0.0.1")
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start on port " + port, e);
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      postgres = null;
    }
  }
}
