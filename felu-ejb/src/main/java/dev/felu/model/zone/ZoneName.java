package dev.felu.model.zone;

import java.io.Serializable;
import java.util.Optional;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The name of a zone felu serves, in its one normal form: absolute, lower case, parsed by dnsjava
 * ({@code Example.Test} and {@code example.test.} are the same zone, {@code example.test.}). Zone
 * names compare as DNS names do, case-insensitively (RFC 4343). Its labels are host-name labels
 * (letters, digits, hyphens) or underscore labels: a zone name is also a URL path segment of the
 * API, and a label holding an escaped dot or other escaped bytes ({@code probe1\.test}) would name
 * a zone nobody could address there. The root zone is not served.
 *
 * <p>Instances exist only valid: {@link #of} refuses anything else with an {@link
 * InvalidRecordException} on the field {@code name}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1035#section-2.3.1">RFC 1035 §2.3.1</a>
 */
public final class ZoneName implements Comparable<ZoneName>, Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,63}");

  private final Name name;
  private final String text;

  private ZoneName(Name name) {
    this.name = name;
    this.text = name.toString();
  }

  /**
   * Parses a zone name such as {@code example.test.} (the trailing dot is optional, case does not
   * matter, blanks around it are ignored).
   *
   * @throws InvalidRecordException naming the field {@code name}, with what is wrong
   */
  public static ZoneName of(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidRecordException("name", "zone name is required");
    }
    Name name;
    try {
      name = Name.fromString(text.trim(), Name.root);
    } catch (TextParseException e) {
      throw new InvalidRecordException(
          "name", "invalid zone name " + Excerpt.of(text) + ": " + Excerpt.message(e));
    }
    if (name.equals(Name.root)) {
      throw new InvalidRecordException("name", "the root zone cannot be served here");
    }
    for (int i = 0; i < name.labels() - 1; i++) {
      if (!LABEL.matcher(name.getLabelString(i)).matches()) {
        throw new InvalidRecordException(
            "name",
            "invalid zone name "
                + Excerpt.of(text)
                + ": a zone's labels hold only letters, digits, '-' and '_'");
      }
    }
    return new ZoneName(name.canonicalize());
  }

  /** The zone name, or empty when {@code text} is not one (for filters, which then match none). */
  public static Optional<ZoneName> parse(String text) {
    try {
      return Optional.of(of(text));
    } catch (InvalidRecordException e) {
      return Optional.empty();
    }
  }

  /** The name as dnsjava holds it, for records and the protocol. */
  public Name name() {
    return name;
  }

  /** The absolute lower-case form, e.g. {@code example.test.}: as stored, shown and compared. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ZoneName z && z.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public int compareTo(ZoneName o) {
    return text.compareTo(o.text);
  }
}
