package dev.felu.update;

import jakarta.ejb.Stateless;
import java.util.List;

/** Placeholder of the update-policy contract (issue 15 item 2); dropped when that branch merges. */
@Stateless
public class UpdatePolicyService {
  public List<UpdateRule> rules(String key) {
    return List.of();
  }

  public List<UpdateRule> setRules(String key, List<UpdateRule> rules) {
    throw new UnsupportedOperationException("placeholder");
  }

  public UpdatePolicy policyFor(String keyName) {
    return UpdatePolicy.DENY_ALL;
  }
}
