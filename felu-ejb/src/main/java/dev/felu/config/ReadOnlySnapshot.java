package dev.felu.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * One consistent, read-only view of the database for a long read (a transfer, a zone file export):
 * a connection of its own in a REPEATABLE READ transaction, every statement and cursor fetch
 * bounded by a deadline, rolled back and restored to its settings afterwards.
 */
public final class ReadOnlySnapshot {
  /** What reads the snapshot. */
  @FunctionalInterface
  public interface Reader<T, X extends Exception> {
    T read(Connection snapshot) throws SQLException, X;
  }

  private ReadOnlySnapshot() {}

  /** Runs {@code reader} on a snapshot whose statements each end within {@code deadline}. */
  public static <T, X extends Exception> T read(
      DataSource db, Duration deadline, Reader<T, X> reader) throws SQLException, X {
    try (Connection c = db.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      int isolation = c.getTransactionIsolation();
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        try (Statement bound = c.createStatement()) {
          // per statement and per cursor fetch; ends with the transaction
          bound.execute(QueryDeadline.setLocalStatementTimeout(deadline));
        }
        return reader.read(c);
      } finally {
        c.rollback();
        c.setReadOnly(false);
        c.setTransactionIsolation(isolation);
        c.setAutoCommit(autoCommit);
      }
    }
  }
}
