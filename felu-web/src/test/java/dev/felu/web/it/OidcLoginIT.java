package dev.felu.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

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
@ExtendWith(ArquillianExtension.class)
class OidcLoginIT {
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  private static final String RUN = Long.toString(System.nanoTime() % 1_000_000L, 36);

  /** As {@code felu.oidc.provider-uri} in arquillian.xml names it. */
  private static final String PROVIDER_HOST = "127.0.0.1";

  private static MockOAuth2Server provider;

  @Deployment(testable = false)
  @TargetsContainer("payara-micro-oidc")
  static WebArchive deployment() throws URISyntaxException {
    return Deployments.full();
  }

  @ArquillianResource URL base;

  private WebDriver driver;
  private WebDriverWait wait;
  private Path profile;

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
  void browser() throws Exception {
    Assumptions.assumeTrue(
        CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
        "browser test skipped: /usr/bin/chromium and /usr/bin/chromedriver are not installed"
            + " (apt-get install -y chromium chromium-driver; .ci/run does this)");
    assertNotEquals(PROVIDER_HOST, base.getHost(), "felu and the provider are different sites");
    profile = Files.createTempDirectory("felu-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  @AfterEach
  void close() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  void anOperatorSignsInAtTheProviderAndGetsOperatorRightsOnly() throws Exception {
    String user = "olivia-" + RUN;
    signInAtProvider(user, "[\"staff\", \"felu-operators\"]");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav:logout")));
    assertTrue(text(By.id("nav")).contains("oidc:" + user + " (operator)"), text(By.id("nav")));

    // an operator creates a zone in the UI; the audit log names the single-sign-on user
    String zone = "sso-" + RUN + ".test.";
    open("zones.xhtml");
    click(By.id("list:new"));
    type(By.id("createForm:newName"), zone);
    click(By.id("createForm:create"));
    wait.until(ExpectedConditions.textToBe(By.id("zoneName"), zone));
    HttpResponse<String> audit =
        api(
            "GET",
            "api/v1/audit?user=" + URLEncoder.encode("oidc:" + user, StandardCharsets.UTF_8));
    assertEquals(200, audit.statusCode(), audit.body());
    assertTrue(audit.body().contains(zone), audit.body());

    // not an admin: the admin pages are refused; and the session is no credential for the API
    assertEquals(403, fetchStatus("admin/users.xhtml"));
    assertEquals(401, fetchStatus("api/v1/zones"));

    // logging out ends the felu session
    click(By.id("nav:logout"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login:username")));
    open("zones.xhtml");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login:username")));
  }

  @Test
  void aUserInNoMappedGroupIsRefusedWithAMessage() {
    String user = "mallory-" + RUN;
    signInAtProvider(user, "[\"sales\", \"Felu-Operators\"]");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("ssoMessage"), "none of your groups gives access to felu"));
    assertTrue(text(By.id("ssoMessage")).contains(user), text(By.id("ssoMessage")));
    assertTrue(driver.findElements(By.id("nav:logout")).isEmpty(), "not logged in");
    open("");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login:username")));
  }

  @Test
  void theLocalAdminStillLogsInWithAPasswordBesideTheSingleSignOnButton() {
    open("login.xhtml");
    assertEquals("Sign in with TestSSO", text(By.id("oidc")));
    type(By.id("login:username"), "admin");
    type(By.id("login:password"), System.getProperty("felu.test.admin.password"));
    click(By.id("login:submit"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav:logout")));
    assertTrue(text(By.id("nav")).contains("admin (admin)"), text(By.id("nav")));
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
  private void signInAtProvider(String username, String groups) {
    open("login.xhtml");
    click(By.id("oidc"));
    type(By.name("username"), username);
    type(
        By.name("claims"),
        "{\"preferred_username\": \"" + username + "\", \"groups\": " + groups + "}");
    click(By.cssSelector("input[type='submit']"));
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

  private HttpResponse<String> api(String method, String path) throws Exception {
    String admin =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    ("admin:" + System.getProperty("felu.test.admin.password"))
                        .getBytes(StandardCharsets.UTF_8));
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("Authorization", admin)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private void open(String page) {
    driver.get(base.toString() + page);
  }

  private void click(By by) {
    wait.until(ExpectedConditions.elementToBeClickable(by)).click();
  }

  private void type(By by, String text) {
    WebElement e = wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    e.clear();
    e.sendKeys(text);
  }

  private String text(By by) {
    return wait.until(ExpectedConditions.presenceOfElementLocated(by)).getText();
  }
}
