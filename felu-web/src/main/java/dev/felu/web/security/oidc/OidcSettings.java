package dev.felu.web.security.oidc;

import dev.felu.model.account.Role;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code felu.oidc.*} settings (MicroProfile Config, so also environment variables such as
 * {@code FELU_OIDC_CLIENT_SECRET}), checked once: single sign-on is active only when it is enabled
 * and nothing is missing or malformed; otherwise {@link #problems()} names each key that is wrong.
 * The client secret never appears in {@link #toString()} or a problem.
 */
public final class OidcSettings {
  public static final String PREFIX = "felu.oidc.";

  /** The default redirect URI: Soteria replaces {@code ${baseURL}} with felu's own base URL. */
  public static final String DEFAULT_REDIRECT_URI = "${baseURL}" + OidcLogin.CALLBACK_PATH;

  private final boolean enabled;
  private final String providerUri;
  private final String providerName;
  private final String clientId;
  private final String clientSecret;
  private final String redirectUri;
  private final String scopes;
  private final String nameClaim;
  private final String roleClaim;
  private final Map<Role, Set<String>> groups = new EnumMap<>(Role.class);
  private final List<String> problems = new ArrayList<>();

  /**
   * @param config a key ({@code felu.oidc.enabled} …) to its value, empty when not set
   */
  public OidcSettings(Function<String, Optional<String>> config) {
    Function<String, String> value =
        key -> config.apply(PREFIX + key).map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
    String on = value.apply("enabled");
    enabled = on != null && on.equalsIgnoreCase("true");
    if (on != null && !enabled && !on.equalsIgnoreCase("false")) {
      problems.add(PREFIX + "enabled must be true or false, got '" + on + "'");
    }
    providerUri = value.apply("provider-uri");
    providerName = orElse(value.apply("provider-name"), "OpenID Connect");
    clientId = value.apply("client-id");
    clientSecret = value.apply("client-secret");
    redirectUri = orElse(value.apply("redirect-uri"), DEFAULT_REDIRECT_URI);
    scopes = orElse(value.apply("scopes"), "openid profile email");
    nameClaim = orElse(value.apply("name-claim"), "preferred_username");
    roleClaim = orElse(value.apply("role-claim"), "groups");
    for (Role r : Role.values()) {
      groups.put(r, list(value.apply(r.id() + "-groups")));
    }
    if (enabled) {
      check();
    }
  }

  private void check() {
    if (providerUri == null) {
      problems.add(
          PREFIX + "provider-uri is not set (the issuer URL, e.g. https://sso.example/realms/x)");
    } else if (!absoluteHttp(providerUri)) {
      problems.add(
          PREFIX + "provider-uri must be an absolute http(s) URL, got '" + providerUri + "'");
    }
    if (clientId == null) {
      problems.add(PREFIX + "client-id is not set");
    }
    if (clientSecret == null) {
      problems.add(PREFIX + "client-secret is not set");
    }
    if (!redirectUri.startsWith("${baseURL}") && !absoluteHttp(redirectUri)) {
      problems.add(
          PREFIX + "redirect-uri must be an absolute http(s) URL, got '" + redirectUri + "'");
    } else if (!redirectUri.endsWith(OidcLogin.CALLBACK_PATH)) {
      problems.add(
          PREFIX
              + "redirect-uri must be felu's "
              + OidcLogin.CALLBACK_PATH
              + " (as the browser reaches it), got '"
              + redirectUri
              + "'");
    }
    if (groups.values().stream().allMatch(Set::isEmpty)) {
      problems.add(
          "none of "
              + PREFIX
              + "admin-groups, operator-groups, viewer-groups is set: every user would be refused");
    }
  }

  private static boolean absoluteHttp(String uri) {
    try {
      URI u = new URI(uri);
      return ("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()))
          && u.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static String orElse(String v, String fallback) {
    return v == null ? fallback : v;
  }

  /** A comma-separated list; blanks dropped. Group names compare exactly (case matters). */
  private static Set<String> list(String v) {
    Set<String> out = new LinkedHashSet<>();
    if (v != null) {
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return Set.copyOf(out);
  }

  /**
   * The felu role of a user with these values of the role claim: the highest role one of them is
   * mapped to, or empty (refused) when none is.
   */
  public Optional<Role> roleFor(Collection<String> claimValues) {
    for (Role r : List.of(Role.ADMIN, Role.OPERATOR, Role.VIEWER)) {
      for (String g : claimValues) {
        if (groups.get(r).contains(g)) {
          return Optional.of(r);
        }
      }
    }
    return Optional.empty();
  }

  /** Switched on by configuration (it may still be unusable: see {@link #problems()}). */
  public boolean enabled() {
    return enabled;
  }

  /** Switched on and complete: the login page offers it. */
  public boolean active() {
    return enabled && problems.isEmpty();
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  public String providerUri() {
    return providerUri;
  }

  public String providerName() {
    return providerName;
  }

  public String clientId() {
    return clientId;
  }

  public String clientSecret() {
    return clientSecret;
  }

  public String redirectUri() {
    return redirectUri;
  }

  public String scopes() {
    return scopes;
  }

  public String nameClaim() {
    return nameClaim;
  }

  public String roleClaim() {
    return roleClaim;
  }

  public Set<String> groups(Role role) {
    return groups.get(role);
  }

  @Override
  public String toString() {
    return "provider "
        + providerUri
        + " ("
        + providerName
        + "), client "
        + clientId
        + ", redirect "
        + redirectUri
        + ", scopes '"
        + scopes
        + "', name claim "
        + nameClaim
        + ", role claim "
        + roleClaim
        + ", groups "
        + groups;
  }
}
