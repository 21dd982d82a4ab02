package dev.felu.zone;

import dev.felu.model.zone.ZoneRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Writes new {@code zone_record} rows through plain JDBC, {@link #ROWS_PER_STATEMENT} rows per
 * multi-row INSERT, on the connection of the transaction's persistence context: what a bulk import
 * of a million records needs instead of one managed entity per row (see docs/benchmark.md). The
 * rows are what {@link ZoneRecord} would store: the same columns, the same presentation form of the
 * data, version 1.
 *
 * <p>Ids come from {@code record_seq} the way EclipseLink takes them (its {@code allocationSize} of
 * 50, which is also the sequence's increment): each {@code nextval} N is the top of the block N−49
 * … N, so rows written here and entities persisted by EclipseLink never share an id.
 */
final class RecordRows implements AutoCloseable {
  /** Rows per INSERT statement: 7 parameters each, far below PostgreSQL's 65,535. */
  static final int ROWS_PER_STATEMENT = 1000;

  /** The {@code allocationSize} of {@code ZoneRecord}'s sequence generator. */
  static final int ID_BLOCK = 50;

  private static final String COLUMNS =
      "INSERT INTO zone_record (id, zone_id, name, type, ttl, data, version) VALUES ";

  private final Connection connection;
  private final Deque<Long> ids = new ArrayDeque<>();
  private final Object[][] pending = new Object[ROWS_PER_STATEMENT][];
  private int size;
  private PreparedStatement full;
  private long written;

  RecordRows(Connection connection) {
    this.connection = connection;
  }

  /** Adds a row of the zone with this id; written when a statement's worth is pending. */
  void add(long zoneId, Record r) throws SQLException {
    if (ids.isEmpty()) {
      reserve();
    }
    pending[size++] =
        new Object[] {
          ids.poll(),
          zoneId,
          r.getName().toString(),
          Type.string(r.getType()),
          r.getTTL(),
          ZoneRecord.presentation(r)
        };
    if (size == ROWS_PER_STATEMENT) {
      if (full == null) {
        full = connection.prepareStatement(statement(ROWS_PER_STATEMENT));
      }
      write(full);
    }
  }

  /** Writes what is pending. */
  void flush() throws SQLException {
    if (size > 0) {
      try (PreparedStatement ps = connection.prepareStatement(statement(size))) {
        write(ps);
      }
    }
  }

  long written() {
    return written;
  }

  @Override
  public void close() throws SQLException {
    if (full != null) {
      full.close();
    }
  }

  private void write(PreparedStatement ps) throws SQLException {
    int p = 1;
    for (int i = 0; i < size; i++) {
      Object[] row = pending[i];
      ps.setLong(p++, (Long) row[0]);
      ps.setLong(p++, (Long) row[1]);
      ps.setString(p++, (String) row[2]);
      ps.setString(p++, (String) row[3]);
      ps.setLong(p++, (Long) row[4]);
      ps.setString(p++, (String) row[5]);
      pending[i] = null;
    }
    ps.executeUpdate();
    written += size;
    size = 0;
  }

  /** Takes ids for the next {@value #ROWS_PER_STATEMENT} rows, in blocks as EclipseLink does. */
  private void reserve() throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT nextval('record_seq') FROM generate_series(1, ?)")) {
      ps.setInt(1, (ROWS_PER_STATEMENT + ID_BLOCK - 1) / ID_BLOCK);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long top = rs.getLong(1);
          for (long id = top - ID_BLOCK + 1; id <= top; id++) {
            ids.add(id);
          }
        }
      }
    }
  }

  private static String statement(int rows) {
    StringBuilder sql = new StringBuilder(COLUMNS.length() + rows * 24).append(COLUMNS);
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,1)");
    }
    return sql.toString();
  }
}
