package dev.felu.update;

import java.util.List;
import org.xbill.DNS.Name;

/** Placeholder of the update-policy contract (issue 15 item 2); dropped when that branch merges. */
public final class UpdatePolicy {
  public static final UpdatePolicy DENY_ALL = new UpdatePolicy(List.of());

  private final List<UpdateRule> rules;

  private UpdatePolicy(List<UpdateRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static UpdatePolicy of(List<UpdateRule> r) {
    return new UpdatePolicy(r);
  }

  /** Placeholder: denies everything. */
  public boolean allows(Name zone, Name owner, int type) {
    return false;
  }

  public List<UpdateRule> rules() {
    return rules;
  }
}
