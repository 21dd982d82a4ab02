package dev.felu.web.security;

import dev.felu.account.AccountService;
import dev.felu.account.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Optional;

/**
 * The database identity store: local accounts with PBKDF2-hashed passwords. Groups are the
 * account's role and every role below it ({@link dev.felu.model.account.Role#groups()}).
 */
@ApplicationScoped
public class AccountIdentityStore implements IdentityStore {
  @Inject AccountService accounts;

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof UsernamePasswordCredential upc)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    Optional<Caller> caller = accounts.check(upc.getCaller(), upc.getPassword().getValue());
    return caller
        .map(c -> new CredentialValidationResult(new FeluPrincipal(c), c.role().groups()))
        .orElse(CredentialValidationResult.INVALID_RESULT);
  }
}
