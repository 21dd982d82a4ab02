package dev.felu.schema;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema of {@code jdbc/felu} to the newest migration before anything else starts (every
 * other startup bean names this one in {@code @DependsOn}).
 *
 * <p>A database created by felu before migrations existed (EclipseLink made its tables) has felu's
 * tables but no {@code flyway_schema_history}: it is baselined at version 1, whose script is that
 * very schema, and later migrations run on it as usual. A database without felu's tables gets every
 * migration from V1. Bean-managed transactions: Flyway commits each migration itself, on a
 * connection that no JTA transaction owns.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {
  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

  /** Where the scripts live, in this module's resources. */
  static final String LOCATIONS = "classpath:db/migration";

  static final String HISTORY_TABLE = "flyway_schema_history";

  /** A table every felu schema since the first release has: marks a pre-migration database. */
  static final String MARKER_TABLE = "config_head";

  @Resource(lookup = "jdbc/felu")
  DataSource dataSource;

  // not named migrate: Payara finds a bean's lifecycle method by name alone, and would sometimes
  // call the static migrate(DataSource) with no argument ("wrong number of arguments")
  @PostConstruct
  void migrateAtStartup() {
    MigrateResult result = migrate(dataSource);
    LOG.info(
        "database schema at version "
            + (result.targetSchemaVersion != null
                ? result.targetSchemaVersion
                : result.initialSchemaVersion)
            + " ("
            + result.migrationsExecuted
            + " migration(s) applied now)");
  }

  /** Baselines a pre-migration felu database if needed, then applies the pending migrations. */
  static MigrateResult migrate(DataSource dataSource) {
    return migrate(dataSource, "latest");
  }

  /**
   * As {@link #migrate(DataSource)}, up to {@code target} (a version such as {@code "1"}, or {@code
   * "latest"}): tests compare a schema as one migration left it.
   */
  static MigrateResult migrate(DataSource dataSource, String target) {
    Flyway flyway =
        Flyway.configure(SchemaMigration.class.getClassLoader())
            .dataSource(dataSource)
            .locations(LOCATIONS)
            .table(HISTORY_TABLE)
            .baselineVersion("1")
            .baselineDescription("schema created by EclipseLink before migrations")
            .target(target)
            .load();
    if (!exists(dataSource, HISTORY_TABLE) && exists(dataSource, MARKER_TABLE)) {
      LOG.info(
          "felu tables without migration history: a database from before migrations;"
              + " baselining it at version 1");
      flyway.baseline();
    }
    return flyway.migrate();
  }

  /** Whether the table is visible on the connection's search path. */
  private static boolean exists(DataSource dataSource, String table) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      s.setString(1, table);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot inspect the database schema", e);
    }
  }
}
