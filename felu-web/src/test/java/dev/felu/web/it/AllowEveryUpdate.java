package dev.felu.web.it;

import dev.felu.update.UpdatePermissions;
import dev.felu.update.UpdateProcessor.Permission;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.interceptor.Interceptor;
import org.xbill.DNS.Name;

/**
 * A test's stand-in for the per-key update policy (issue 15 item 2): every key may change every
 * record, so {@code DynamicUpdateIT} drives accepted updates through the container whatever the
 * policy's storage holds; refusals by policy are the policy's own tests.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class AllowEveryUpdate extends UpdatePermissions {
  @Override
  public Permission of(Name key) {
    return (zone, owner, type) -> true;
  }
}
