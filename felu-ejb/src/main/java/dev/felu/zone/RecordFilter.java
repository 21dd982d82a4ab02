package dev.felu.zone;

import java.util.Locale;

/**
 * Which of a zone's records a page holds: those whose owner name, type or data contains {@code
 * search} (case-insensitive; null or blank: all), with or without the SOA (the editor shows the SOA
 * apart, read-only).
 */
public record RecordFilter(String search, boolean skipsSoa) {
  public static final RecordFilter ALL = new RecordFilter(null, false);

  public static RecordFilter search(String search) {
    return new RecordFilter(search, false);
  }

  public RecordFilter withoutSoa() {
    return new RecordFilter(search, true);
  }

  boolean searches() {
    return search != null && !search.isBlank();
  }

  /** The search as a LIKE pattern: lower case, wildcards escaped with a backslash. */
  String pattern() {
    String s = search.trim().toLowerCase(Locale.ROOT);
    return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
