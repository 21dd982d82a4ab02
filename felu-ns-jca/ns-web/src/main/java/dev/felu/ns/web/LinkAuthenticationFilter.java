package dev.felu.ns.web;

import dev.felu.link.HandshakeVerifier;
import dev.felu.link.KeySource;
import dev.felu.link.Keyring;
import dev.felu.ns.api.NameserverControl;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a config handshake unless the management server signed it with one of this nameserver's
 * link keys ({@link dev.felu.link.LinkHandshake}): known key, fresh timestamp, right signature,
 * unseen nonce. Keys come only from configuration — {@code felu.ns.link.keys} and the optional keys
 * file {@code felu.ns.link.keys-file}, which is only read, again whenever it changes. Without any
 * key every connection is refused: a nameserver must never take config from whoever reaches its
 * port. Each refusal is one WARNING naming the reason and the remote address, never a key or
 * signature.
 *
 * <p>An authenticated handshake whose leadership epoch is below the open config link's is refused
 * with 409 and the reason (ARCHITECTURE.md#flow-cluster); an accepted one reaches {@link
 * ConfigEndpoint} with a {@link LinkPrincipal} naming its key and epoch, where the link is
 * admitted.
 */
@WebFilter(ConfigEndpoint.PATH)
public class LinkAuthenticationFilter extends HttpFilter {
  private static final Logger LOG = Logger.getLogger(LinkAuthenticationFilter.class.getName());

  @Inject
  @ConfigProperty(name = "felu.ns.link.keys")
  Optional<String> inlineKeys;

  @Inject
  @ConfigProperty(name = "felu.ns.link.keys-file")
  Optional<String> keysFile;

  @Inject
  @ConfigProperty(name = "felu.ns.name")
  Optional<String> nameserverName;

  @Inject
  @ConfigProperty(name = "felu.ns.link.max-clock-skew-seconds", defaultValue = "60")
  int maxSkewSeconds;

  @Inject
  @ConfigProperty(name = "felu.ns.link.require-tls", defaultValue = "false")
  boolean requireTls;

  @Inject NameserverControl nameserver;

  private volatile KeySource keys;
  private volatile HandshakeVerifier verifier;

  @Override
  public void init() {
    verifier =
        new HandshakeVerifier(
            Duration.ofSeconds(maxSkewSeconds),
            HandshakeVerifier.DEFAULT_NONCES,
            Clock.systemUTC());
    try {
      keys =
          new KeySource(
              inlineKeys.orElse(null),
              keysFile.filter(s -> !s.isBlank()).map(Path::of).orElse(null));
    } catch (IllegalArgumentException e) {
      LOG.severe(e.getMessage() + ": every config connection will be refused");
    }
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (requireTls && !req.isSecure()) {
      refuse(req, res, HttpServletResponse.SC_FORBIDDEN, "not over TLS (felu.ns.link.require-tls)");
      return;
    }
    Keyring ring = keys == null ? Keyring.EMPTY : keys.current();
    if (ring.isEmpty()) {
      LOG.severe(
          "refused config connection from "
              + req.getRemoteAddr()
              + ": no link key configured (felu.ns.link.keys / felu.ns.link.keys-file)");
      res.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "link keys not configured");
      return;
    }
    HandshakeVerifier.Verdict v =
        verifier.verify(
            req.getHeader("Authorization"),
            req.getRequestURI(),
            ring,
            nameserverName.map(String::trim).orElse(null));
    if (!v.accepted()) {
      res.setHeader("WWW-Authenticate", "FELU-HMAC-SHA256 realm=\"felu-ns\"");
      refuse(
          req,
          res,
          HttpServletResponse.SC_UNAUTHORIZED,
          v.reason() + (v.keyId() == null ? "" : " (key " + v.keyId() + ")"));
      return;
    }
    String newer = nameserver.refuseConfigLink(v.epoch());
    if (newer != null) {
      // authenticated, but another management instance drives this nameserver now: 409 with the
      // reason, which the refused instance shows as its link's last error
      LOG.warning("refused config connection from " + req.getRemoteAddr() + ": " + newer);
      res.sendError(HttpServletResponse.SC_CONFLICT, newer);
      return;
    }
    LOG.info(
        "config handshake from "
            + req.getRemoteAddr()
            + " accepted with key "
            + v.keyId()
            + ", leadership epoch "
            + v.epoch());
    // the endpoint reads the epoch from the link's principal (Session#getUserPrincipal)
    LinkPrincipal principal = new LinkPrincipal(v.keyId(), v.epoch());
    chain.doFilter(
        new HttpServletRequestWrapper(req) {
          @Override
          public Principal getUserPrincipal() {
            return principal;
          }
        },
        res);
  }

  private static void refuse(
      HttpServletRequest req, HttpServletResponse res, int status, String reason)
      throws IOException {
    LOG.warning("refused config connection from " + req.getRemoteAddr() + ": " + reason);
    res.sendError(status, "bad or missing link credentials");
  }
}
