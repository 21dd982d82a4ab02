package dev.felu.config;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Duration;
import java.util.Map;

/**
 * The deadline of every database call on the push path (the registry read, the head, the sample of
 * serials, a transfer's statements): a lock held elsewhere or a stuck database ends the call with
 * an error after this long instead of holding the fleet driver.
 */
public final class QueryDeadline {
  public static final Duration PUSH_PATH = Duration.ofSeconds(10);

  /**
   * A transfer's statements: the first fetch of a snapshot sorts every record (a second or two for
   * a million), each later fetch is bounded on its own.
   */
  public static final Duration TRANSFER = Duration.ofSeconds(30);

  /** The JPA hint EclipseLink turns into {@code Statement.setQueryTimeout}. */
  static final String HINT = "jakarta.persistence.query.timeout";

  private QueryDeadline() {}

  /** The query, bounded by {@link #PUSH_PATH}. */
  public static <Q extends Query> Q bounded(Q query) {
    query.setHint(HINT, PUSH_PATH.toMillis());
    return query;
  }

  /** The hints that bound an {@code EntityManager.find}. */
  public static Map<String, Object> hints() {
    return Map.of(HINT, PUSH_PATH.toMillis());
  }

  /**
   * Bounds every statement of the current transaction, writes at flush included (which no query
   * hint reaches): PostgreSQL's own {@code statement_timeout}, reset when the transaction ends.
   */
  public static void boundTransaction(EntityManager em) {
    em.createNativeQuery(setLocalStatementTimeout(PUSH_PATH)).executeUpdate();
  }

  /** For plain JDBC inside a transaction: PostgreSQL's own bound, reset when it ends. */
  public static String setLocalStatementTimeout(Duration deadline) {
    return "SET LOCAL statement_timeout = " + deadline.toMillis();
  }
}
