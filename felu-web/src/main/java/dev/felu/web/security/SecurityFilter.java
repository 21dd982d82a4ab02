package dev.felu.web.security;

import dev.felu.account.Caller;
import dev.felu.account.CallerContext;
import dev.felu.model.account.Role;
import jakarta.annotation.security.DeclareRoles;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Runs on every request after authentication: hands the caller and its address to the services
 * ({@link CallerContext}, for role and zone-scope checks and the audit log) and sets the security
 * headers.
 *
 * <p>Content-Security-Policy: the API gets {@code default-src 'none'}. Pages get a same-origin
 * policy; PrimeFaces' CSP mode ({@code primefaces.CSP}) adds its own header with a per-response
 * nonce, and a browser enforces both, so inline scripts run only with PrimeFaces' nonce. Styles
 * still need {@code 'unsafe-inline'} (PrimeFaces writes style attributes).
 */
@WebFilter(urlPatterns = "/*", filterName = "felu-security")
// the roles exist for the container even without web.xml (Payara's Jersey checks @RolesAllowed
// against them too)
@DeclareRoles({Role.ADMIN_NAME, Role.OPERATOR_NAME, Role.VIEWER_NAME})
public class SecurityFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
  static final String UI_CSP =
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self';"
          + " form-action 'self'; frame-ancestors 'none'";

  @Inject CallerContext callers;
  @Inject ClientAddress clientAddress;

  /**
   * Sets the security headers; also called by the mechanism, whose refusals (401, 429, redirects)
   * never reach this filter.
   *
   * @return whether the request is for the API
   */
  static boolean headers(HttpServletRequest req, HttpServletResponse res) {
    boolean api = req.getRequestURI().startsWith(req.getContextPath() + "/api/");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("Content-Security-Policy", api ? API_CSP : UI_CSP);
    if (api || !req.getRequestURI().contains("/jakarta.faces.resource/")) {
      res.setHeader("Cache-Control", "no-store");
    }
    return api;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    Caller caller = null;
    if (req.getAttribute(FeluAuthenticationMechanism.CALLER) instanceof Caller c) {
      caller = c;
    } else if (req.getUserPrincipal() instanceof FeluPrincipal p) {
      caller = p.caller();
    }
    callers.enter(caller, clientAddress.of(req));

    boolean api = headers(req, res);
    if (!api && !req.getRequestURI().contains("/jakarta.faces.resource/")) {
      // a page makes its session now, not deep inside JSF, so its cookie can still be fixed
      req.getSession(true);
    }
    SameSiteCookies.enforce(res);
    try {
      chain.doFilter(req, res);
    } catch (ServletException | RuntimeException e) {
      // a page (or anything outside JAX-RS, whose ProblemMapper answers for the API) that could
      // not reach the database: say so instead of the generic error page
      if (!DatabaseOutage.answer(req, res, e)) {
        throw e;
      }
    }
  }
}
