package dev.felu.ns.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a config handshake unless it carries the shared link secret as {@code Authorization:
 * Bearer <secret>}. Without a configured secret every connection is refused: a nameserver must
 * never take config from whoever reaches its port. (Issue 4 replaces this with per-nameserver HMAC
 * over a timestamp and nonce; this filter is the seam.)
 */
@WebFilter(ConfigEndpoint.PATH)
public class LinkAuthenticationFilter extends HttpFilter {
  private static final Logger LOG = Logger.getLogger(LinkAuthenticationFilter.class.getName());

  @Inject
  @ConfigProperty(name = "felu.ns.link.secret")
  Optional<String> secret;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String expected = secret.map(String::trim).orElse("");
    if (expected.isEmpty()) {
      LOG.severe(
          "refused config connection from "
              + req.getRemoteAddr()
              + ": felu.ns.link.secret is not set");
      res.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "link secret not configured");
      return;
    }
    String header = req.getHeader("Authorization");
    String presented =
        header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : "";
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
      LOG.warning("refused unauthenticated config connection from " + req.getRemoteAddr());
      res.setHeader("WWW-Authenticate", "Bearer realm=\"felu-ns\"");
      res.sendError(HttpServletResponse.SC_UNAUTHORIZED, "bad or missing link credentials");
      return;
    }
    chain.doFilter(req, res);
  }
}
