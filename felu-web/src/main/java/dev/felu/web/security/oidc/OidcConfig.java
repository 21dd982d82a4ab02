package dev.felu.web.security.oidc;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The single-sign-on settings as EL sees them: {@link OidcLogin}'s {@code
 * OpenIdAuthenticationMechanismDefinition} reads {@code ${oidcConfig.providerUri}} and the like
 * from here, and the login page asks whether to offer the button.
 */
@Named("oidcConfig")
@ApplicationScoped
public class OidcConfig {
  private OidcSettings settings;

  @PostConstruct
  void init() {
    settings = load();
  }

  /** The settings from MicroProfile Config (system properties, environment, …). */
  static OidcSettings load() {
    Config config = ConfigProvider.getConfig();
    return new OidcSettings(key -> config.getOptionalValue(key, String.class));
  }

  public OidcSettings settings() {
    return settings;
  }

  /** Offer "Sign in with …" on the login page. */
  public boolean isActive() {
    return settings.active();
  }

  /** Switched on but incomplete: the login page says so (the log says what is wrong). */
  public boolean isMisconfigured() {
    return settings.enabled() && !settings.active();
  }

  public String getProviderName() {
    return settings.providerName();
  }

  public String getProviderUri() {
    return settings.providerUri();
  }

  public String getClientId() {
    return settings.clientId();
  }

  public String getClientSecret() {
    return settings.clientSecret();
  }

  public String getRedirectUri() {
    return settings.redirectUri();
  }

  public String getScopes() {
    return settings.scopes();
  }

  public String getNameClaim() {
    return settings.nameClaim();
  }

  public String getRoleClaim() {
    return settings.roleClaim();
  }
}
