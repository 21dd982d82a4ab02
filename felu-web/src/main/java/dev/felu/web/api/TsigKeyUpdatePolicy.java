package dev.felu.web.api;

import dev.felu.update.UpdateRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The body and answer of {@code /tsig-keys/{name}/update-policy}: the key's update policy, its
 * rules in order, default deny. A rule: {@code zone}; {@code match} {@code exact}, {@code subtree}
 * or {@code pattern}; {@code name} an absolute name in the zone (exact, subtree) or a pattern
 * relative to it whose {@code *} labels match zero or more labels; {@code types} the record types
 * (absent or {@code []}: all but SOA, NS, RRSIG, NSEC, NSEC3). {@link UpdateRule} has the grammar.
 */
public record TsigKeyUpdatePolicy(List<Rule> rules) {
  /** One rule as JSON writes it. */
  public record Rule(String zone, String match, String name, List<String> types) {
    static Rule of(UpdateRule r) {
      return new Rule(r.zone(), r.match().keyword(), r.name(), List.copyOf(r.types()));
    }
  }

  static TsigKeyUpdatePolicy of(List<UpdateRule> rules) {
    return new TsigKeyUpdatePolicy(rules.stream().map(Rule::of).toList());
  }

  /**
   * The rules as given, each checked ({@link UpdateRule#of}: errors name {@code rules} and the
   * rule's number); null stays null, and a null rule too, for the service to refuse by name.
   */
  List<UpdateRule> toRules() {
    if (rules == null) {
      return null;
    }
    List<UpdateRule> out = new ArrayList<>(rules.size());
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      out.add(r == null ? null : UpdateRule.of(i + 1, r.zone(), r.match(), r.name(), r.types()));
    }
    return out;
  }
}
