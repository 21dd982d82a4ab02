package dev.felu.web.security.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.model.account.Role;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OidcSettingsTest {
  private static OidcSettings settings(Map<String, String> values) {
    return new OidcSettings(key -> Optional.ofNullable(values.get(key)));
  }

  private static Map<String, String> complete() {
    Map<String, String> m = new HashMap<>();
    m.put("felu.oidc.enabled", "true");
    m.put("felu.oidc.provider-uri", "https://sso.example/realms/dns");
    m.put("felu.oidc.client-id", "felu");
    m.put("felu.oidc.client-secret", "s3cret-value");
    m.put("felu.oidc.admin-groups", "dns-admins");
    m.put("felu.oidc.operator-groups", "dns-ops, noc");
    m.put("felu.oidc.viewer-groups", "staff");
    return m;
  }

  @Test
  void offByDefaultAndThenNothingIsRequired() {
    OidcSettings off = settings(Map.of());
    assertFalse(off.enabled());
    assertFalse(off.active());
    assertEquals(List.of(), off.problems());
  }

  @Test
  void completeSettingsAreActiveWithTheDocumentedDefaults() {
    OidcSettings s = settings(complete());
    assertTrue(s.active(), s.problems().toString());
    assertEquals("${baseURL}/oidc/callback", s.redirectUri());
    assertEquals("groups", s.roleClaim());
    assertEquals("preferred_username", s.nameClaim());
    assertEquals("openid profile email", s.scopes());
    assertEquals("OpenID Connect", s.providerName());
    assertFalse(s.toString().contains("s3cret-value"), "the secret stays out of logs");
  }

  @Test
  void theHighestMappedRoleWinsAndAnUnmappedUserIsRefused() {
    OidcSettings s = settings(complete());
    assertEquals(Optional.of(Role.OPERATOR), s.roleFor(List.of("staff", "noc")));
    assertEquals(Optional.of(Role.ADMIN), s.roleFor(List.of("noc", "dns-admins")));
    assertEquals(Optional.of(Role.VIEWER), s.roleFor(List.of("staff")));
    assertEquals(Optional.empty(), s.roleFor(List.of("Staff", "sales")), "exact names only");
    assertEquals(Optional.empty(), s.roleFor(List.of()));
  }

  @Test
  void eachMissingOrMalformedKeyIsNamedAndKeepsItOff() {
    Map<String, String> m = complete();
    m.remove("felu.oidc.client-secret");
    m.put("felu.oidc.provider-uri", "sso.example");
    m.put("felu.oidc.redirect-uri", "https://felu.example/login");
    OidcSettings s = settings(m);
    assertTrue(s.enabled());
    assertFalse(s.active());
    String problems = String.join("\n", s.problems());
    assertTrue(problems.contains("felu.oidc.client-secret is not set"), problems);
    assertTrue(problems.contains("felu.oidc.provider-uri must be an absolute"), problems);
    assertTrue(problems.contains("felu.oidc.redirect-uri must be felu's /oidc/callback"), problems);
    assertEquals(3, s.problems().size(), problems);

    Map<String, String> noGroups = complete();
    noGroups.remove("felu.oidc.admin-groups");
    noGroups.remove("felu.oidc.operator-groups");
    noGroups.remove("felu.oidc.viewer-groups");
    assertTrue(settings(noGroups).problems().get(0).contains("every user would be refused"));

    assertFalse(settings(Map.of("felu.oidc.enabled", "yes")).problems().isEmpty());
  }
}
