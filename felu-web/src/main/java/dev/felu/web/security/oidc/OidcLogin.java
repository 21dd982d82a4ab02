package dev.felu.web.security.oidc;

import dev.felu.account.Caller;
import dev.felu.model.account.Role;
import dev.felu.web.security.FeluAuthenticationMechanism;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContextWrapper;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.LogoutDefinition;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Single sign-on through an OpenID Connect provider (authorization code flow), done by Jakarta
 * Security's own OpenID Connect mechanism (Soteria's): it fetches the provider's discovery
 * document, sends the browser there with state and nonce, exchanges the code for tokens and
 * validates the ID token (signature against the provider's JWKS, issuer, audience, expiry, nonce).
 * felu never parses a token itself.
 *
 * <p>Jakarta Security 3.0 calls one {@code HttpAuthenticationMechanism} per application; felu's is
 * {@link FeluAuthenticationMechanism} (an {@code @Alternative} with priority, so it wins over the
 * one Soteria makes from the annotation below). It hands {@code /oidc} (start) and {@code
 * /oidc/callback} (the provider's redirect) to this bean, which runs Soteria's mechanism with a
 * {@link HttpMessageContext} that keeps the validated caller instead of logging it in: felu then
 * maps the role claim to a felu role (deny by default) and remembers the caller in its own session
 * as for a local login. Every other request never reaches the OpenID mechanism.
 *
 * <p>This bean exists only while single sign-on is on ({@link OidcActivation} vetoes it otherwise);
 * the annotation's values are EL, read from {@link OidcConfig} when the first login needs them.
 * State and nonce live in cookies, not in the session: felu's session cookie is SameSite=Strict, so
 * the browser does not send it with the provider's cross-site redirect back to felu.
 */
@ApplicationScoped
@OpenIdAuthenticationMechanismDefinition(
    providerURI = "${oidcConfig.providerUri}",
    clientId = "${oidcConfig.clientId}",
    clientSecret = "${oidcConfig.clientSecret}",
    redirectURI = "${oidcConfig.redirectUri}",
    scopeExpression = "${oidcConfig.scopes}",
    claimsDefinition =
        @ClaimsDefinition(
            callerNameClaim = "${oidcConfig.nameClaim}",
            callerGroupsClaim = "${oidcConfig.roleClaim}"),
    useSession = false,
    tokenAutoRefresh = false,
    logout = @LogoutDefinition(notifyProvider = false))
public class OidcLogin {
  /** Where the login page's button leads: starts a login at the provider. */
  public static final String START_PATH = "/oidc";

  /** Where the provider sends the browser back (the redirect URI). */
  public static final String CALLBACK_PATH = "/oidc/callback";

  /**
   * The cookies Soteria keeps state and nonce in; they must come back with the cross-site redirect.
   */
  public static final String COOKIE_PREFIX = "oidc.";

  private static final Logger LOG = Logger.getLogger(OidcLogin.class.getName());

  @Inject BeanManager beans;
  @Inject OidcConfig config;

  private volatile HttpAuthenticationMechanism openId;

  /**
   * What a step of the login came to: the browser was sent on ({@code continued}), a caller signed
   * in, or a refusal with a message for the login page and its HTTP status.
   */
  public record Outcome(boolean continued, Caller caller, String message, int status) {
    static Outcome sentOn() {
      return new Outcome(true, null, null, 0);
    }

    static Outcome signedIn(Caller caller) {
      return new Outcome(false, caller, null, 200);
    }

    static Outcome refused(String message, int status) {
      return new Outcome(false, null, message, status);
    }
  }

  public String providerName() {
    return config.getProviderName();
  }

  /** {@code /oidc}: sends the browser to the provider's authorization endpoint. */
  public Outcome start(HttpServletRequest req, HttpServletResponse res, HttpMessageContext ctx) {
    Keeping keeping = new Keeping(ctx);
    try {
      AuthenticationStatus status = mechanism().validateRequest(req, new LaxCookies(res), keeping);
      if (status == AuthenticationStatus.SEND_CONTINUE) {
        return Outcome.sentOn();
      }
      LOG.warning("single sign-on did not start: the OpenID mechanism answered " + status);
    } catch (AuthenticationException | RuntimeException e) {
      LOG.log(Level.WARNING, "single sign-on did not start: " + e, e);
    }
    return Outcome.refused(
        "Single sign-on is unavailable: "
            + providerName()
            + " could not be reached. Try again later, or log in with a local account.",
        502);
  }

  /** {@code /oidc/callback}: checks the provider's answer and maps the user to a felu role. */
  public Outcome callback(HttpServletRequest req, HttpServletResponse res, HttpMessageContext ctx) {
    String error = req.getParameter("error");
    if (error != null) {
      LOG.info("single sign-on: " + providerName() + " answered error " + printable(error));
      return Outcome.refused(
          "The sign-in at " + providerName() + " did not succeed (" + printable(error) + ").", 401);
    }
    if (req.getParameter("state") == null || req.getParameter("code") == null) {
      return Outcome.refused(
          "This address only completes a sign-in at "
              + providerName()
              + ": use the button on the login page.",
          400);
    }
    Keeping keeping = new Keeping(ctx);
    try {
      mechanism().validateRequest(req, new LaxCookies(res), keeping);
    } catch (AuthenticationException | RuntimeException e) {
      // a token that does not validate (signature, issuer, audience, nonce, expiry) lands here
      LOG.log(Level.WARNING, "single sign-on failed: " + e.getMessage(), e);
      keeping.result = null;
    }
    CredentialValidationResult result = keeping.result;
    if (result == null || result.getStatus() != CredentialValidationResult.Status.VALID) {
      LOG.info(
          "single sign-on failed: the answer from "
              + providerName()
              + " was not accepted ("
              + (result == null ? "no result" : result.getStatus())
              + "; an expired or replayed sign-in, or a token that does not validate)");
      return Outcome.refused(
          "The sign-in at "
              + providerName()
              + " could not be verified. Start again from the login page.",
          401);
    }
    String name = result.getCallerPrincipal().getName();
    Set<String> groups = result.getCallerGroups();
    Optional<Role> role = config.settings().roleFor(groups);
    if (role.isEmpty()) {
      LOG.info(
          "single sign-on refused for oidc:"
              + printable(name)
              + ": the values "
              + groups
              + " of claim '"
              + config.getRoleClaim()
              + "' map to no felu role");
      return Outcome.refused(
          "You signed in at "
              + providerName()
              + " as "
              + printable(name)
              + ", but none of your groups gives access to felu. Ask a felu administrator to"
              + " map one of them to a role.",
          403);
    }
    Caller caller = Caller.singleSignOn(name, role.get());
    LOG.info("single sign-on: " + caller.actor() + " signed in as " + role.get().id());
    return Outcome.signedIn(caller);
  }

  private static String printable(String s) {
    String p = s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
    return p.length() > 120 ? p.substring(0, 120) + "…" : p;
  }

  /**
   * Soteria's OpenID mechanism: the bean its CDI extension made from the annotation above, the one
   * {@code HttpAuthenticationMechanism} besides felu's own.
   */
  private HttpAuthenticationMechanism mechanism() {
    HttpAuthenticationMechanism m = openId;
    if (m == null) {
      for (Bean<?> b : beans.getBeans(HttpAuthenticationMechanism.class)) {
        if (!b.getTypes().contains(FeluAuthenticationMechanism.class)) {
          m =
              (HttpAuthenticationMechanism)
                  beans.getReference(
                      b, HttpAuthenticationMechanism.class, beans.createCreationalContext(b));
          break;
        }
      }
      if (m == null) {
        throw new IllegalStateException("Jakarta Security made no OpenID Connect mechanism");
      }
      openId = m;
    }
    return m;
  }

  /**
   * Soteria's state and nonce cookies with {@code SameSite=Lax}, said explicitly: they must come
   * back with the provider's cross-site redirect (a top-level GET), which Lax allows and felu's
   * usual Strict does not; Soteria itself sets no SameSite (it does set HttpOnly and Secure).
   */
  static final class LaxCookies extends HttpServletResponseWrapper {
    LaxCookies(HttpServletResponse res) {
      super(res);
    }

    @Override
    public void addCookie(Cookie cookie) {
      if (cookie.getName().startsWith(COOKIE_PREFIX) && cookie.getAttribute("SameSite") == null) {
        cookie.setAttribute("SameSite", "Lax");
      }
      super.addCookie(cookie);
    }
  }

  /**
   * The real message context, except that a login is kept here instead of being handed to the
   * container: felu decides on the role first, and logs the caller in with its own principal.
   */
  static final class Keeping extends HttpMessageContextWrapper {
    CredentialValidationResult result;

    Keeping(HttpMessageContext real) {
      super(real);
    }

    /** {@code /oidc} is where a login starts, whatever the security constraints say. */
    @Override
    public boolean isProtected() {
      return true;
    }

    @Override
    public AuthenticationStatus notifyContainerAboutLogin(CredentialValidationResult r) {
      result = r;
      return r.getStatus() == CredentialValidationResult.Status.VALID
          ? AuthenticationStatus.SUCCESS
          : AuthenticationStatus.SEND_FAILURE;
    }

    @Override
    public AuthenticationStatus notifyContainerAboutLogin(Principal principal, Set<String> groups) {
      return notifyContainerAboutLogin(new CredentialValidationResult(principal.getName(), groups));
    }

    @Override
    public AuthenticationStatus notifyContainerAboutLogin(String name, Set<String> groups) {
      return notifyContainerAboutLogin(new CredentialValidationResult(name, groups));
    }

    @Override
    public void setRegisterSession(String callerName, Set<String> groups) {
      // felu keeps its own session caller
    }

    @Override
    public boolean isRegisterSession() {
      return false;
    }
  }
}
