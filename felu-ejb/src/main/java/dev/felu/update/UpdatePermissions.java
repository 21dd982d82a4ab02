package dev.felu.update;

import dev.felu.update.UpdateProcessor.Permission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.xbill.DNS.Name;

/**
 * What a key may change, as the {@link UpdateProcessor} asks it: the key's {@link UpdatePolicy}
 * from {@link UpdatePolicyService#policyFor}, read once per UPDATE. (A seam of one method, so an
 * in-container test can stand in for the policy.)
 */
@ApplicationScoped
public class UpdatePermissions {
  @Inject UpdatePolicyService policies;

  public Permission of(Name key) {
    UpdatePolicy policy = policies.policyFor(key.toString());
    return policy::allows;
  }
}
