package dev.felu.problem;

import java.sql.SQLException;

/**
 * Whether a failure means the database could not be reached (it is down, restarting, or the network
 * to it is cut), as opposed to a fault of the request or of felu: then the REST API answers 503
 * with a problem document and {@code Retry-After}, the UI a page saying so, and the caller may
 * retry once the database is back. Recognised anywhere in the cause chain: an {@link SQLException}
 * of SQLSTATE class 08 (connection exception) or 57P01–57P03 (the server shutting down or
 * starting), a connector failure of the pool ({@code jakarta.resource.ResourceException}: no
 * connection could be allocated), a refused or cut socket.
 */
public final class DatabaseUnreachable {
  /** What a caller is told; nothing of the driver's message (addresses, users) is passed on. */
  public static final String DETAIL =
      "the database cannot be reached; the nameservers keep serving the last configuration — retry"
          + " in a few seconds";

  /** Seconds a client is asked to wait ({@code Retry-After}). */
  public static final int RETRY_AFTER_SECONDS = 5;

  private static final int MAX_DEPTH = 32;

  private DatabaseUnreachable() {}

  public static boolean in(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = next(t), depth++) {
      if (t instanceof SQLException s && unreachable(s.getSQLState())) {
        return true;
      }
      if (t instanceof jakarta.resource.ResourceException
          || t instanceof java.net.ConnectException
          || t instanceof java.net.NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }

  private static Throwable next(Throwable t) {
    if (t.getCause() != null) {
      return t.getCause();
    }
    return t instanceof SQLException s ? s.getNextException() : null;
  }

  private static boolean unreachable(String state) {
    return state != null
        && (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03"));
  }
}
