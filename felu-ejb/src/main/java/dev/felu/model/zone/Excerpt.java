package dev.felu.model.zone;

/**
 * What an error message may repeat of the caller's input: a short, escaped excerpt. Input reaches
 * messages through parsers (dnsjava's text parser quotes the token it choked on), and a message
 * that repeated whole input would turn every parser into a way to read back what it was fed (a zone
 * file's {@code $INCLUDE} once made the management server recite files of its host).
 *
 * <p>Control characters, quotes and backslashes are escaped ({@code \n}, {@code \u0000}); anything
 * past {@link #MAX} characters is cut and marked with {@code …}.
 */
public final class Excerpt {
  /** The longest excerpt of input that a message repeats, in characters. */
  public static final int MAX = 48;

  private Excerpt() {}

  /** The input, escaped and cut to {@link #MAX} characters, in single quotes. */
  public static String of(String input) {
    return of(input, MAX);
  }

  /** The input, escaped and cut to {@code max} characters, in single quotes. */
  public static String of(String input, int max) {
    if (input == null) {
      return "''";
    }
    StringBuilder out = new StringBuilder(Math.min(input.length(), max) + 8).append('\'');
    int n = 0;
    for (int i = 0; i < input.length() && n < max; i++, n++) {
      char c = input.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\'' -> out.append("\\'");
        case '\\' -> out.append("\\\\");
        default -> {
          if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (input.length() > max) {
      out.append('…');
    }
    return out.append('\'').toString();
  }

  /**
   * A parser's own message about input, cut and escaped like input (the parser may quote what it
   * read), without quotes around it.
   */
  public static String message(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String excerpt = of(m, 120);
    return excerpt.substring(1, excerpt.length() - 1);
  }
}
