package dev.felu.web.security;

import dev.felu.account.AccountService;
import dev.felu.account.Caller;
import dev.felu.account.LoginThrottle;
import dev.felu.account.TokenSecret;
import dev.felu.account.TokenService;
import dev.felu.web.security.oidc.OidcLogin;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * One mechanism that picks, per request, how the caller proves who it is.
 *
 * <ul>
 *   <li>{@code /api/*}: {@code Authorization: Bearer felu_…} (an API token) or {@code Basic} (an
 *       account; throttled). The UI session is deliberately ignored here: a browser sends its
 *       cookie along with any cross-site request, so accepting it would make the API CSRF-prone.
 *       Without credentials on the (protected) API: 401 problem JSON.
 *   <li>everything else (the UI): a form login through {@code login.xhtml} (a JSF form, so
 *       ViewState guards it), remembered in the HTTP session; an unauthenticated request for a
 *       protected page is redirected to the login page.
 *   <li>{@code /oidc} and {@code /oidc/callback}, only while single sign-on is on: handed to {@link
 *       OidcLogin} (OpenID Connect); a user it lets in is remembered in the session as a form login
 *       is. Off, those paths are pages like any other (and do not exist).
 * </ul>
 *
 * Every authenticated request leaves its {@link Caller} in the request attribute {@link #CALLER}
 * for {@link SecurityFilter}.
 *
 * <p>It is an {@code @Alternative} with a priority because, with single sign-on on, Jakarta
 * Security also makes an OpenID Connect mechanism bean from {@link OidcLogin}'s definition; Jakarta
 * Security 3.0 calls one mechanism per application, and the alternative is the one that resolves.
 */
@ApplicationScoped
@Alternative
@Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION)
public class FeluAuthenticationMechanism implements HttpAuthenticationMechanism {
  public static final String CALLER = "dev.felu.caller";

  /** Set on the request when a UI login was refused because of throttling. */
  public static final String THROTTLED = "dev.felu.login.throttled";

  /** A message for the login page (a refused single sign-on); its text, shown as is. */
  public static final String LOGIN_MESSAGE = "dev.felu.login.message";

  static final String SESSION_CALLER = "dev.felu.session.caller";
  static final String LOGIN_PAGE = "/login.xhtml";

  @Inject IdentityStoreHandler identityStores;
  @Inject TokenService tokens;
  @Inject AccountService accounts;
  @Inject LoginThrottle throttle;
  @Inject ClientAddress clientAddress;

  /** Resolvable only while single sign-on is on (see {@code OidcActivation}). */
  @Inject Instance<OidcLogin> singleSignOn;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest req, HttpServletResponse res, HttpMessageContext ctx) {
    try {
      SecurityFilter.headers(req, res);
      String path = req.getRequestURI().substring(req.getContextPath().length());
      if (path.startsWith("/api/")) {
        return api(req, res, ctx);
      }
      if (path.startsWith(RESOURCES)) {
        // public scripts and styles: no caller needed, so no account read per resource request
        return ctx.doNothing();
      }
      if ((path.equals(OidcLogin.START_PATH) || path.equals(OidcLogin.CALLBACK_PATH))
          && singleSignOn.isResolvable()) {
        return singleSignOn(path, req, res, ctx);
      }
      return ui(req, ctx);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (RuntimeException e) {
      // an account or token could not be read: the database is down, not the caller wrong
      if (outage(req, res, e)) {
        return AuthenticationStatus.SEND_FAILURE;
      }
      throw e;
    }
  }

  private static boolean outage(
      HttpServletRequest req, HttpServletResponse res, RuntimeException e) {
    try {
      return DatabaseOutage.answer(req, res, e);
    } catch (IOException io) {
      e.addSuppressed(io);
      return false;
    }
  }

  /** Where Faces serves its scripts and styles (public, see web.xml). */
  private static final String RESOURCES = "/jakarta.faces.resource/";

  private AuthenticationStatus api(
      HttpServletRequest req, HttpServletResponse res, HttpMessageContext ctx) throws IOException {
    String header = req.getHeader("Authorization");
    if (header == null || header.isBlank()) {
      if (ctx.isProtected()) {
        ProblemResponses.write(
            req,
            res,
            401,
            "Unauthorized",
            "authenticate with 'Authorization: Bearer <API token>' or HTTP Basic");
        return AuthenticationStatus.SEND_FAILURE;
      }
      return ctx.doNothing();
    }
    Optional<String> bearer = TokenSecret.fromAuthorization(header);
    if (bearer.isPresent()) {
      Optional<Caller> caller = tokens.authenticate(bearer.get());
      if (caller.isEmpty()) {
        ProblemResponses.write(
            req, res, 401, "Unauthorized", "the API token is unknown, malformed or revoked");
        return AuthenticationStatus.SEND_FAILURE;
      }
      return accept(req, ctx, caller.get());
    }
    Optional<UsernamePasswordCredential> basic = basic(header).map(this::normalised);
    if (basic.isEmpty()) {
      ProblemResponses.write(
          req, res, 401, "Unauthorized", "the Authorization header must be Bearer or Basic");
      return AuthenticationStatus.SEND_FAILURE;
    }
    String username = basic.get().getCaller();
    String address = clientAddress.of(req);
    if (throttle.blocked(username, address)) {
      ProblemResponses.write(
          req,
          res,
          429,
          "Too Many Requests",
          "too many failed logins for this account or address; wait a minute");
      return AuthenticationStatus.SEND_FAILURE;
    }
    Optional<Caller> caller = check(basic.get());
    if (caller.isEmpty()) {
      throttle.failed(username, address);
      ProblemResponses.write(req, res, 401, "Unauthorized", "wrong username or password");
      return AuthenticationStatus.SEND_FAILURE;
    }
    throttle.succeeded(username, address);
    return accept(req, ctx, caller.get());
  }

  private AuthenticationStatus ui(HttpServletRequest req, HttpMessageContext ctx) {
    Credential credential =
        ctx.isAuthenticationRequest() && ctx.getAuthParameters() != null
            ? ctx.getAuthParameters().getCredential()
            : null;
    if (credential instanceof UsernamePasswordCredential typed) {
      UsernamePasswordCredential upc = normalised(typed);
      String username = upc.getCaller();
      String address = clientAddress.of(req);
      if (throttle.blocked(username, address)) {
        req.setAttribute(THROTTLED, Boolean.TRUE);
        return AuthenticationStatus.SEND_FAILURE;
      }
      Optional<Caller> caller = check(upc);
      if (caller.isEmpty()) {
        throttle.failed(username, address);
        return AuthenticationStatus.SEND_FAILURE;
      }
      throttle.succeeded(username, address);
      // a new session id at login: a session fixed before login is worth nothing after it
      HttpSession session = req.getSession(true);
      if (!session.isNew()) {
        req.changeSessionId();
        session = req.getSession();
      }
      session.setAttribute(SESSION_CALLER, caller.get());
      return accept(req, ctx, caller.get());
    }
    HttpSession session = req.getSession(false);
    Object remembered = session == null ? null : session.getAttribute(SESSION_CALLER);
    if (remembered instanceof Caller caller) {
      Optional<Caller> now = current(caller);
      if (now.isPresent()) {
        if (!now.get().equals(caller)) {
          session.setAttribute(SESSION_CALLER, now.get());
        }
        return accept(req, ctx, now.get());
      }
      // disabled or removed since it logged in: the session ends here
      session.invalidate();
    }
    if (ctx.isProtected()) {
      return ctx.redirect(req.getContextPath() + LOGIN_PAGE);
    }
    return ctx.doNothing();
  }

  private AuthenticationStatus singleSignOn(
      String path, HttpServletRequest req, HttpServletResponse res, HttpMessageContext ctx)
      throws IOException {
    OidcLogin oidc = singleSignOn.get();
    OidcLogin.Outcome outcome;
    if (path.equals(OidcLogin.START_PATH)) {
      // a new login starts from nothing: not from a session someone else may have made
      HttpSession old = req.getSession(false);
      if (old != null) {
        old.invalidate();
      }
      outcome = oidc.start(req, res, ctx);
      if (outcome.continued()) {
        return AuthenticationStatus.SEND_CONTINUE;
      }
    } else {
      outcome = oidc.callback(req, res, ctx);
    }
    if (outcome.caller() == null) {
      req.setAttribute(LOGIN_MESSAGE, outcome.message());
      res.setStatus(outcome.status());
      req.getSession(true); // the login page's form needs one; made now so its cookie is fixed
      SameSiteCookies.enforce(res);
      return ctx.forward(LOGIN_PAGE);
    }
    HttpSession session = req.getSession(true);
    if (!session.isNew()) {
      req.changeSessionId();
      session = req.getSession();
    }
    session.setAttribute(SESSION_CALLER, outcome.caller());
    SameSiteCookies.enforce(res);
    // A page that moves on by itself, not a redirect: after the provider's cross-site redirect
    // the browser would withhold the SameSite=Strict session cookie from a redirect's target too;
    // a navigation this page starts is same-site.
    String home = ProblemResponses.html(req.getContextPath() + "/");
    res.setStatus(200);
    res.setContentType("text/html;charset=UTF-8");
    res.getOutputStream()
        .write(
            ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<meta http-equiv=\"refresh\" content=\"0;url="
                    + home
                    + "\"><title>felu</title></head><body><p>Signed in with "
                    + ProblemResponses.html(oidc.providerName())
                    + ". <a id=\"continue\" href=\""
                    + home
                    + "\">Continue</a></p></body></html>")
                .getBytes(StandardCharsets.UTF_8));
    res.flushBuffer();
    return AuthenticationStatus.SEND_CONTINUE;
  }

  /**
   * The session's caller as its account is now (role, grants, enabled), checked on every request as
   * the API checks its credentials: an admin's change to an account reaches its open sessions at
   * their next request. A single-sign-on caller has no account; it keeps what its login gave it.
   */
  private Optional<Caller> current(Caller remembered) {
    return remembered.isSingleSignOn()
        ? Optional.of(remembered)
        : accounts.current(remembered.name());
  }

  /** The credential with the username in the one form that login and its throttling both use. */
  private UsernamePasswordCredential normalised(UsernamePasswordCredential typed) {
    return new UsernamePasswordCredential(
        AccountService.loginName(typed.getCaller()), typed.getPassword());
  }

  private Optional<Caller> check(UsernamePasswordCredential credential) {
    CredentialValidationResult r = identityStores.validate(credential);
    if (r.getStatus() == CredentialValidationResult.Status.VALID
        && r.getCallerPrincipal() instanceof FeluPrincipal p) {
      return Optional.of(p.caller());
    }
    return Optional.empty();
  }

  private static AuthenticationStatus accept(
      HttpServletRequest req, HttpMessageContext ctx, Caller caller) {
    req.setAttribute(CALLER, caller);
    return ctx.notifyContainerAboutLogin(new FeluPrincipal(caller), caller.role().groups());
  }

  /** {@code Basic base64(user:password)} (RFC 7617), or empty when it is not that. */
  static Optional<UsernamePasswordCredential> basic(String header) {
    String h = header.trim();
    if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }

  @Override
  public void cleanSubject(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext ctx) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(SESSION_CALLER);
    }
    HttpAuthenticationMechanism.super.cleanSubject(request, response, ctx);
  }
}
