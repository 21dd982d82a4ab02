package dev.felu.web.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prepares one integration-test JVM (failsafe runs several side by side, {@code web.it.forks}):
 * starts its own real PostgreSQL (zonky's embedded binaries) on a free loopback port before
 * Arquillian boots Payara Micro, writes the Micro post-boot commands that point the JDBC pool at
 * it, and picks this JVM's free ports for the UPDATE listener and the OpenID provider.
 * arquillian.xml reads them back as system properties; nothing is shared between forks. Stops the
 * database when the test session ends.
 */
public class EmbeddedPostgresSession implements LauncherSessionListener {
  private EmbeddedPostgres postgres;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (!Boolean.getBoolean("felu.test.it") || postgres != null) {
      return; // not an integration-test JVM
    }
    // the link master key of the container under test: made per run, never committed
    if (System.getProperty("felu.test.link.master-key") == null) {
      System.setProperty("felu.test.link.master-key", dev.felu.link.KeySealer.generateMasterKey());
    }
    try {
      postgres =
          EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
      String dbPort = Integer.toString(postgres.getPort());
      System.setProperty("felu.test.db.port", dbPort);
      System.setProperty("felu.test.update.port", Integer.toString(freePort()));
      System.setProperty("felu.test.oidc.port", Integer.toString(freePort()));
      Path work = Path.of(System.getProperty("felu.test.work", "target"));
      String commands;
      try (InputStream in = getClass().getResourceAsStream("/micro-postboot.asadmin")) {
        commands = new String(in.readAllBytes(), StandardCharsets.UTF_8); // our own, a few lines
      }
      Path postboot = work.resolve("micro-postboot-" + ProcessHandle.current().pid() + ".asadmin");
      Files.writeString(postboot, commands.replace("FELU_TEST_DB_PORT", dbPort));
      System.setProperty("felu.test.postboot", postboot.toAbsolutePath().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "embedded PostgreSQL for the integration tests did not start", e);
    }
  }

  /** A loopback TCP port free at the time of asking (the tests' peers bind it right after). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
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
