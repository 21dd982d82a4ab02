package dev.felu.update;

import dev.felu.input.InvalidInputException;
import dev.felu.model.zone.Excerpt;
import dev.felu.model.zone.ZoneName;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * One rule of a TSIG key's update policy: in {@code zone}, the owner names {@code match} and {@code
 * name} select, the RRsets of {@code types}. Only valid rules exist, in one normal form (the
 * constructor checks and normalises, else throws {@link InvalidInputException} on {@link #FIELD}):
 *
 * <ul>
 *   <li>{@code zone}: a zone name ({@link ZoneName}), absolute, lower case. Whether it exists only
 *       {@link UpdatePolicyService} can tell.
 *   <li>{@code name}, for {@link NameMatch#EXACT} and {@link NameMatch#SUBTREE}: an absolute name
 *       (the trailing dot optional, as for zone names) at or below the zone, lower case; a {@code
 *       *} label there is the literal wildcard owner of RFC 4592, not a pattern.
 *   <li>{@code name}, for {@link NameMatch#PATTERN}: a name relative to the zone, its labels
 *       separated by dots, each either {@code *} (zero or more whole labels) or 1 to 63 letters,
 *       digits, {@code -} and {@code _}; at least one {@code *}, never two next to each other, no
 *       trailing dot, at most {@value #MAX_PATTERN} characters; lower case. {@code
 *       _acme-challenge.*} matches {@code _acme-challenge.example.com.} and {@code
 *       _acme-challenge.www.example.com.} in {@code example.com.}; {@code *} alone, every name of
 *       the zone.
 *   <li>{@code types}: record type mnemonics known to dnsjava, upper case ({@code TYPE65280} for
 *       one without a mnemonic), never a meta type (ANY, AXFR, IXFR, OPT, TSIG, TKEY …), at most
 *       {@value #MAX_TYPES}. Empty: every type but {@link #NOT_BY_DEFAULT} (SOA, NS, RRSIG, NSEC,
 *       NSEC3), as BIND's {@code update-policy} without types; those only when listed.
 * </ul>
 *
 * <p>The line form ({@link #parse}, {@link #line}) is {@code zone match name [TYPE …]}, blanks
 * between, e.g. {@code example.com. pattern _acme-challenge.* TXT}.
 */
public record UpdateRule(String zone, NameMatch match, String name, Set<String> types) {
  /** The field errors name, as the REST body and the page call it. */
  public static final String FIELD = "rules";

  /** The types a rule without types leaves out: the zone's own and DNSSEC's (as BIND does). */
  public static final Set<String> NOT_BY_DEFAULT = Set.of("SOA", "NS", "RRSIG", "NSEC", "NSEC3");

  /** Types per rule at most. */
  public static final int MAX_TYPES = 64;

  /** A pattern's length at most, in characters. */
  public static final int MAX_PATTERN = 255;

  private static final Pattern LABEL = Pattern.compile("[a-z0-9_-]{1,63}");
  private static final String EXAMPLE = "e.g. example.com. pattern _acme-challenge.* TXT";

  public UpdateRule {
    if (zone == null || zone.isBlank()) {
      throw bad("a rule needs a zone, " + EXAMPLE);
    }
    ZoneName z;
    try {
      z = ZoneName.of(zone);
    } catch (InvalidInputException e) {
      throw bad("zone: " + e.getMessage());
    }
    if (match == null) {
      throw bad("a rule needs a match: exact, subtree or pattern");
    }
    if (name == null || name.isBlank()) {
      throw bad("a rule needs a name, " + EXAMPLE);
    }
    zone = z.toString();
    name = match == NameMatch.PATTERN ? pattern(name.strip(), z) : absolute(name.strip(), z);
    types = types(types);
  }

  /**
   * A rule from its parts as given (the REST body): {@code match} a keyword ({@code exact}, {@code
   * subtree}, {@code pattern}, any case), {@code types} null for none.
   *
   * @param index the rule's number from 1, which the message names
   * @throws InvalidInputException on {@link #FIELD}, naming {@code rule #index}
   */
  public static UpdateRule of(
      int index, String zone, String match, String name, Collection<String> types) {
    try {
      NameMatch m = match == null ? null : NameMatch.ofKeyword(match);
      if (match != null && m == null) {
        throw bad("match " + Excerpt.of(match) + " is none of exact, subtree, pattern");
      }
      return new UpdateRule(zone, m, name, types == null ? null : new HashSet<>(types));
    } catch (InvalidInputException e) {
      throw new InvalidInputException(FIELD, "rule #" + index + ": " + e.getMessage());
    }
  }

  /**
   * One line of the policy editor: {@code zone match name [TYPE …]}, blanks between.
   *
   * @param index the line's rule number from 1, which the message names
   * @throws InvalidInputException on {@link #FIELD}, naming {@code rule #index}
   */
  public static UpdateRule parse(String line, int index) {
    String[] parts = line == null ? new String[0] : line.strip().split("\\s+");
    if (parts.length < 3) {
      throw new InvalidInputException(
          FIELD,
          "rule #"
              + index
              + " "
              + Excerpt.of(line)
              + ": write zone match name [types], "
              + EXAMPLE);
    }
    return of(index, parts[0], parts[1], parts[2], List.of(parts).subList(3, parts.length));
  }

  /** The line form, as the page and the audit write it: {@code zone match name [TYPE …]}. */
  public String line() {
    return zone
        + " "
        + match.keyword()
        + " "
        + name
        + (types.isEmpty() ? "" : " " + String.join(" ", types));
  }

  @Override
  public String toString() {
    return line();
  }

  private static String absolute(String text, ZoneName zone) {
    Name n;
    try {
      n = Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw bad("name " + Excerpt.of(text) + ": " + Excerpt.message(e));
    }
    if (!n.subdomain(zone.name())) {
      throw bad(
          "name "
              + Excerpt.of(text)
              + " is not in zone "
              + zone
              + "; exact and subtree take an absolute name, e.g. www."
              + zone);
    }
    return n.canonicalize().toString();
  }

  private static String pattern(String text, ZoneName zone) {
    String p = text.toLowerCase(Locale.ROOT);
    if (p.length() > MAX_PATTERN) {
      throw bad("pattern " + Excerpt.of(text) + " is longer than " + MAX_PATTERN + " characters");
    }
    if (p.endsWith(".")) {
      throw bad(
          "pattern "
              + Excerpt.of(text)
              + " ends with a dot; a pattern is relative to the zone, e.g. _acme-challenge.*");
    }
    String[] labels = p.split("\\.", -1);
    boolean star = false;
    for (int i = 0; i < labels.length; i++) {
      String l = labels[i];
      if (l.equals("*")) {
        if (i > 0 && labels[i - 1].equals("*")) {
          throw bad("pattern " + Excerpt.of(text) + ": '*.*' is the same as '*'; write one");
        }
        star = true;
      } else if (l.contains("*")) {
        throw bad(
            "pattern "
                + Excerpt.of(text)
                + ": a * stands alone as a label and matches whole labels, e.g. _acme-challenge.*");
      } else if (!LABEL.matcher(l).matches()) {
        throw bad(
            "pattern "
                + Excerpt.of(text)
                + ": its labels are *, or 1 to 63 letters, digits, '-' and '_', separated by dots");
      }
    }
    if (!star) {
      throw bad(
          "pattern "
              + Excerpt.of(text)
              + " has no * label; for one name write exact "
              + Excerpt.of(p + "." + zone));
    }
    String apex = "." + zone.toString().substring(0, zone.toString().length() - 1);
    if (p.endsWith(apex)) {
      throw bad(
          "pattern "
              + Excerpt.of(text)
              + " ends with the zone's name; a pattern is relative to the zone: drop "
              + Excerpt.of(apex));
    }
    return p;
  }

  private static Set<String> types(Collection<String> given) {
    Set<String> out = new TreeSet<>();
    for (String t : given == null ? List.<String>of() : given) {
      if (t == null || t.isBlank()) {
        throw bad("a type is empty; name record types, e.g. TXT");
      }
      int v = Type.value(t.strip().toUpperCase(Locale.ROOT));
      if (v <= 0) {
        throw bad("type " + Excerpt.of(t) + " is not a DNS record type");
      }
      if (!Type.isRR(v)) {
        throw bad(
            "type "
                + Type.string(v)
                + " is a meta type; name record types (no types: all but "
                + String.join(", ", new TreeSet<>(NOT_BY_DEFAULT))
                + ")");
      }
      out.add(Type.string(v));
    }
    if (out.size() > MAX_TYPES) {
      throw bad(out.size() + " types; a rule takes at most " + MAX_TYPES);
    }
    return Collections.unmodifiableSet(out);
  }

  private static InvalidInputException bad(String message) {
    return new InvalidInputException(FIELD, message);
  }
}
