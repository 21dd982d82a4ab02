package dev.felu.push;

/**
 * The innermost cause of a failure, which names what went wrong (a refused connection, a reset).
 */
final class RootCause {
  private RootCause() {}

  static Throwable of(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** The root cause's message, or its type when it has none. */
  static String message(Throwable t) {
    Throwable root = of(t);
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
