package dev.felu.update;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A TSIG key's whole update policy, immutable: its {@link UpdateRule}s, read for matching. Default
 * deny: an RRset is allowed only when some rule names its zone, matches its owner and its type
 * ({@link UpdateRule} says how). Names compare as DNS names do, case-insensitively (RFC 4343).
 *
 * <p>It answers for one RRset at a time, of a concrete type: an update that touches several (RFC
 * 2136 §2.5.2 "delete all RRsets from a name", type ANY) is allowed only when each RRset it would
 * delete is; a meta type itself is never allowed.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2136#section-3.3">RFC 2136 §3.3</a>
 */
public final class UpdatePolicy {
  /** No rule: the key may change nothing. */
  public static final UpdatePolicy DENY_ALL = new UpdatePolicy(List.of());

  private final List<UpdateRule> rules;
  private final List<Compiled> compiled;

  private UpdatePolicy(List<UpdateRule> rules) {
    this.rules = List.copyOf(rules);
    this.compiled = this.rules.stream().map(Compiled::of).toList();
  }

  /** The policy of these rules, in order ({@link #DENY_ALL} for none). */
  public static UpdatePolicy of(List<UpdateRule> rules) {
    Objects.requireNonNull(rules, "rules");
    return rules.isEmpty() ? DENY_ALL : new UpdatePolicy(rules);
  }

  /**
   * True when some rule lets the key change {@code owner}'s RRset of {@code type} in {@code zone}.
   * False for an owner outside the zone and for a meta type (ANY, AXFR, OPT …).
   */
  public boolean allows(Name zone, Name owner, int type) {
    if (zone == null || owner == null || !zone.isAbsolute() || !owner.subdomain(zone)) {
      return false;
    }
    if (type <= 0 || type > 0xFFFF || !Type.isRR(type)) {
      return false;
    }
    for (Compiled c : compiled) {
      if (c.allows(zone, owner, type)) {
        return true;
      }
    }
    return false;
  }

  /** The rules, in order. */
  public List<UpdateRule> rules() {
    return rules;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpdatePolicy p && p.rules.equals(rules);
  }

  @Override
  public int hashCode() {
    return rules.hashCode();
  }

  /** The rules' lines, {@code ; } between; {@code deny all} for none. */
  @Override
  public String toString() {
    return rules.isEmpty()
        ? "deny all"
        : rules.stream().map(UpdateRule::line).collect(Collectors.joining("; "));
  }

  /**
   * A rule ready to match: dnsjava names, pattern labels, type values. {@code types} holds the
   * listed types, or for a rule without types ({@code anyType}) those it leaves out.
   */
  private record Compiled(
      Name zone,
      NameMatch match,
      Name name,
      String[] pattern,
      boolean anyType,
      Set<Integer> types) {
    static Compiled of(UpdateRule r) {
      boolean pattern = r.match() == NameMatch.PATTERN;
      boolean anyType = r.types().isEmpty();
      return new Compiled(
          Name.fromConstantString(r.zone()),
          r.match(),
          pattern ? null : Name.fromConstantString(r.name()),
          pattern ? r.name().split("\\.") : null,
          anyType,
          (anyType ? UpdateRule.NOT_BY_DEFAULT : r.types())
              .stream().map(Type::value).collect(Collectors.toUnmodifiableSet()));
    }

    boolean allows(Name zone, Name owner, int type) {
      if (!this.zone.equals(zone) || types.contains(type) == anyType) {
        return false;
      }
      return switch (match) {
        case EXACT -> owner.equals(name);
        case SUBTREE -> owner.subdomain(name);
        case PATTERN -> matches(pattern, relativeLabels(owner, zone));
      };
    }
  }

  /** The owner's labels below the zone, leftmost first, lower case (as presentation text). */
  static String[] relativeLabels(Name owner, Name zone) {
    String[] out = new String[owner.labels() - zone.labels()];
    for (int i = 0; i < out.length; i++) {
      out[i] = owner.getLabelString(i).toLowerCase(Locale.ROOT);
    }
    return out;
  }

  /**
   * Whether the pattern's labels match the name's, {@code *} standing for zero or more whole
   * labels: dynamic programming over both, so any number of stars stays linear in their product.
   */
  static boolean matches(String[] pattern, String[] labels) {
    int n = labels.length;
    // next[j]: pattern[i + 1 …] matches labels[j …]
    boolean[] next = new boolean[n + 1];
    next[n] = true;
    for (int i = pattern.length - 1; i >= 0; i--) {
      boolean[] here = new boolean[n + 1];
      boolean star = pattern[i].equals("*");
      for (int j = n; j >= 0; j--) {
        here[j] =
            star
                ? next[j] || (j < n && here[j + 1])
                : j < n && pattern[i].equals(labels[j]) && next[j + 1];
      }
      next = here;
    }
    return next[0];
  }
}
