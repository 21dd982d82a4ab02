package dev.felu.fleet;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's default database: a real PostgreSQL (zonky's binaries from Maven Central) on loopback,
 * with its data kept in the fleet's home so a restart loses nothing. Production points the pool at
 * its own PostgreSQL instead.
 */
final class EmbeddedDatabase implements AutoCloseable {
  static final String DATABASE = "felu";
  static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException, SQLException {
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setPort(port)
            .setServerConfig("listen_addresses", FleetOptions.HOST)
            .start();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (!rs.next()) {
          s.execute("CREATE DATABASE " + DATABASE);
        }
      }
    }
    return new EmbeddedDatabase(pg);
  }

  int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
