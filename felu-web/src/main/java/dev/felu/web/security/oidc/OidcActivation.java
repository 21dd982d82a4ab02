package dev.felu.web.security.oidc;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Switches single sign-on on or off at deployment. Jakarta Security (Soteria) installs an OpenID
 * Connect mechanism for every bean that carries {@code @OpenIdAuthenticationMechanismDefinition},
 * and an annotation cannot be switched off; so {@link OidcLogin}, the one bean that carries it, is
 * vetoed before Soteria sees it unless {@code felu.oidc.enabled=true} and the settings are
 * complete. Off, nothing of OpenID Connect exists in the application and no provider is contacted.
 */
public class OidcActivation implements Extension {
  private static final Logger LOG = Logger.getLogger(OidcActivation.class.getName());

  void activate(@Observes ProcessAnnotatedType<OidcLogin> type) {
    OidcSettings settings;
    try {
      settings = OidcConfig.load();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "single sign-on stays off: its configuration cannot be read", e);
      type.veto();
      return;
    }
    if (settings.active()) {
      LOG.info("single sign-on (OpenID Connect) is on: " + settings);
      return;
    }
    if (settings.enabled()) {
      LOG.severe(
          "single sign-on stays off, local logins only: " + String.join("; ", settings.problems()));
    }
    type.veto();
  }
}
