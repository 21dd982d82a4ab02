package dev.felu.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Single sign-on with a real OpenID Connect provider: mock-oauth2-server (a standards-compliant
 * provider made for tests: discovery, JWKS, signed ID tokens, state and nonce) on 127.0.0.1,
 * reached as {@code localhost}, so it is another site than felu's 127.0.0.1, as a real provider is.
 * Felu runs in the {@code payara-micro-oidc} container (arquillian.xml) with {@code felu.oidc.*}
 * set: group {@code felu-operators} maps to operator. Headless Chromium signs in at the provider's
 * login form (any username; the claims typed there go into the tokens) and comes back to felu: an
 * operator works on zones (audited as {@code oidc:<name>}) but is refused the admin pages and the
 * API; a user in no mapped group is refused with a message; the local admin still logs in with a
 * password.
 */
class OidcLoginIT extends InBrowser {
  private static final String RUN = Long.toString(System.nanoTime() % 1_000_000L, 36);

  /** As {@code felu.oidc.provider-uri} in arquillian.xml names it. */
  private static final String PROVIDER_HOST = "127.0.0.1";

  private static MockOAuth2Server provider;

  @Deployment(testable = false)
  @TargetsContainer("payara-micro-oidc")
  static WebArchive deployment() throws URISyntaxException {
    return Deployments.full();
  }

  /** Felu reads the provider only when a login starts, so it may come up after felu. */
  @BeforeAll
  static void startProvider() throws Exception {
    provider = new MockOAuth2Server(new OAuth2Config(true)); // interactive login form
    provider.start(InetAddress.getByName(PROVIDER_HOST), Integer.getInteger("felu.test.oidc.port"));
  }

  @AfterAll
  static void stopProvider() {
    if (provider != null) {
      provider.shutdown();
    }
  }

  @BeforeEach
  void differentSites() {
    assertNotEquals(PROVIDER_HOST, base.getHost(), "felu and the provider are different sites");
  }

  @Test
  void anOperatorSignsInAtTheProviderAndGetsOperatorRightsOnly() throws Exception {
    String user = "olivia-" + RUN;
    signInAtProvider(user, List.of("staff", "felu-operators"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav:logout")));
    assertTrue(
        browser.text(By.id("nav")).contains("oidc:" + user + " (operator)"),
        browser.text(By.id("nav")));

    // an operator creates a zone in the UI; the audit log names the single-sign-on user
    String zone = "sso-" + RUN + ".test.";
    browser.open("zones.xhtml");
    browser.click(By.id("list:new"));
    browser.type(By.id("createForm:newName"), zone);
    browser.click(By.id("createForm:create"));
    wait.until(ExpectedConditions.textToBe(By.id("zoneName"), zone));
    HttpResponse<String> audit =
        Browser.api(
            base,
            Browser.admin(),
            "GET",
            "api/v1/audit?user=" + URLEncoder.encode("oidc:" + user, StandardCharsets.UTF_8),
            null);
    assertEquals(200, audit.statusCode(), audit.body());
    assertTrue(audit.body().contains(zone), audit.body());

    // not an admin: the admin pages are refused; and the session is no credential for the API
    assertEquals(403, fetchStatus("admin/users.xhtml"));
    assertEquals(401, fetchStatus("api/v1/zones"));

    // logging out ends the felu session
    browser.click(By.id("nav:logout"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login:username")));
    browser.open("zones.xhtml");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login:username")));
  }

  @Test
  void aUserInNoMappedGroupIsRefusedWithAMessage() {
    String user = "mallory-" + RUN;
    signInAtProvider(user, List.of("sales", "Felu-Operators"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("ssoMessage"), "none of your groups gives access to felu"));
    assertTrue(browser.text(By.id("ssoMessage")).contains(user), browser.text(By.id("ssoMessage")));
    assertTrue(driver.findElements(By.id("nav:logout")).isEmpty(), "not logged in");
    browser.open("");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login:username")));
  }

  @Test
  void theLocalAdminStillLogsInWithAPasswordBesideTheSingleSignOnButton() {
    browser.open("login.xhtml");
    assertEquals("Sign in with TestSSO", browser.text(By.id("oidc")));
    browser.type(By.id("login:username"), "admin");
    browser.type(By.id("login:password"), System.getProperty("felu.test.admin.password"));
    browser.click(By.id("login:submit"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav:logout")));
    assertTrue(browser.text(By.id("nav")).contains("admin (admin)"), browser.text(By.id("nav")));
  }

  @Test
  void theStartSendsTheBrowserToTheProviderWithStateAndNonceInLaxCookies() throws Exception {
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> start =
        client.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve("oidc")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(302, start.statusCode(), start.body());
    String location = start.headers().firstValue("Location").orElse("");
    assertTrue(location.startsWith("http://" + PROVIDER_HOST + ":"), location);
    for (String parameter :
        List.of(
            "client_id=felu-test",
            "response_type=code",
            "state=",
            "nonce=",
            "redirect_uri=" + URLEncoder.encode(base + "oidc/callback", StandardCharsets.UTF_8))) {
      assertTrue(location.contains(parameter), parameter + " in " + location);
    }
    for (String name : List.of("oidc.state=", "oidc.nonce=")) {
      String cookie =
          start.headers().allValues("Set-Cookie").stream()
              .filter(c -> c.startsWith(name))
              .findFirst()
              .orElseThrow(() -> new AssertionError(name + " in " + start.headers()));
      String flags = cookie.toLowerCase(java.util.Locale.ROOT);
      assertTrue(
          flags.contains("samesite=lax") && flags.contains("httponly") && flags.contains("secure"),
          cookie);
    }

    // the callback without the provider's answer is refused on the login page
    HttpResponse<String> bare =
        client.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve("oidc/callback")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, bare.statusCode(), bare.body());
    assertTrue(bare.body().contains("only completes a sign-in"), bare.body());
  }

  /** The login page's button, then the provider's own login form: a username and the claims. */
  private void signInAtProvider(String username, List<String> groups) {
    browser.open("login.xhtml");
    browser.click(By.id("oidc"));
    browser.type(By.name("username"), username);
    browser.type(
        By.name("claims"), HttpApi.body(Map.of("preferred_username", username, "groups", groups)));
    browser.click(By.cssSelector("input[type='submit']"));
  }

  /** The HTTP status of a same-origin request the page makes with its cookies. */
  private long fetchStatus(String path) {
    Object status =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                    + "fetch('"
                    + base
                    + path
                    + "', {credentials: 'same-origin', redirect: 'manual'})"
                    + ".then(function (r) { done(r.status); }, function (e) { done(String(e)); });");
    assertTrue(status instanceof Number, "answered: " + status);
    return ((Number) status).longValue();
  }
}
