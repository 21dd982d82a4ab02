package dev.felu.update;

import java.util.Locale;

/**
 * How an {@link UpdateRule} matches an owner name: one name ({@link #EXACT}), a name and everything
 * below it ({@link #SUBTREE}), or a pattern relative to the zone in which a {@code *} label stands
 * for zero or more whole labels ({@link #PATTERN}).
 */
public enum NameMatch {
  /** The one absolute name given. */
  EXACT,
  /** The absolute name given and every name below it. */
  SUBTREE,
  /** A name relative to the zone whose {@code *} labels match zero or more whole labels. */
  PATTERN;

  /** The word the REST body and the policy lines use: {@code exact}, {@code subtree}, … */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The match a keyword names, case-insensitively; null when it names none. */
  static NameMatch ofKeyword(String text) {
    for (NameMatch m : values()) {
      if (m.keyword().equalsIgnoreCase(text.strip())) {
        return m;
      }
    }
    return null;
  }
}
