package dev.felu.web.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium, for the browser tests: a fresh profile per test
 * (downloads land in {@link #downloads()}), and the steps a user takes on felu's pages — open,
 * click, type, pick from a PrimeFaces select, log in and out. Also the REST calls the tests make
 * beside the browser. The test is skipped, with a message, only where no Chromium is installed.
 */
final class Browser implements AutoCloseable {
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  private final URL base;
  private final Path profile;
  private final Path downloads;
  private final ChromeDriver driver;
  private final WebDriverWait wait;

  private Browser(URL base) throws IOException {
    this.base = base;
    profile = Files.createTempDirectory("felu-chromium-");
    downloads = Files.createDirectories(profile.resolve("downloads"));
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
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            downloads.toString(),
            "download.prompt_for_download",
            false));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    driver.executeCdpCommand(
        "Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toString()));
  }

  /** A browser on felu at {@code base}; skips the test where Chromium is not installed. */
  static Browser start(URL base) throws IOException {
    Assumptions.assumeTrue(
        CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
        "browser test skipped: /usr/bin/chromium and /usr/bin/chromedriver are not installed"
            + " (apt-get install -y chromium chromium-driver; .ci/run does this)");
    return new Browser(base);
  }

  WebDriver driver() {
    return driver;
  }

  WebDriverWait await() {
    return wait;
  }

  /** The profile folder, deleted when the browser closes. */
  Path profile() {
    return profile;
  }

  Path downloads() {
    return downloads;
  }

  void open(String page) {
    driver.get(base.toString() + page);
  }

  /** Clicks once the element can be clicked; an element re-rendered meanwhile is found again. */
  void click(By by) {
    wait.until(
        d -> {
          try {
            WebElement e = ExpectedConditions.elementToBeClickable(by).apply(d);
            if (e == null) {
              return false;
            }
            e.click();
            return true;
          } catch (StaleElementReferenceException e) {
            return false;
          }
        });
  }

  void type(By by, String text) {
    WebElement e = wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    e.clear();
    e.sendKeys(text);
  }

  String text(By by) {
    return wait.until(ExpectedConditions.presenceOfElementLocated(by)).getText();
  }

  /** Logs in through the login form and waits for the page that shows who is logged in. */
  void login(String username, String password) {
    open("login.xhtml");
    type(By.id("login:username"), username);
    type(By.id("login:password"), password);
    click(By.id("login:submit"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav:logout")));
    assertTrue(text(By.id("nav")).contains(username), text(By.id("nav")));
  }

  void logout() {
    click(By.id("nav:logout"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login:username")));
  }

  /** Picks an item of a PrimeFaces select as a user does: open the panel, click the item. */
  void select(String id, String label) {
    String css = id.replace(":", "\\:");
    // the overlay fades in and the form may be re-rendered meanwhile: retry until it took
    wait.until(
        d -> {
          if (d.findElement(By.id(id + "_label")).getText().equals(label)) {
            return true;
          }
          try {
            List<WebElement> open = d.findElements(By.id(id + "_panel"));
            if (!open.isEmpty() && open.get(0).isDisplayed()) {
              d.findElement(By.cssSelector("#" + css + "_items li[data-label='" + label + "']"))
                  .click();
            } else {
              d.findElement(By.id(id)).click();
            }
          } catch (WebDriverException e) {
            // stale or not yet interactable: try again on the next poll
          }
          return false;
        });
  }

  /** Types one entry into a p:chips input and confirms it with Enter. */
  void chip(String id, String value) {
    type(By.id(id + "_input"), value);
    driver.findElement(By.id(id + "_input")).sendKeys(Keys.ENTER);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#" + id.replace(":", "\\:") + " .ui-chips-token"), value));
  }

  /**
   * Posts {@code fields} to the page the browser shows, from the page itself (its cookies, its
   * ViewState and PrimeFaces' CSP nonce), as a script on the page could: what a crafted request for
   * a control the page never rendered looks like. Asserts only that the server answered.
   */
  void postForm(Map<String, String> fields) {
    Object status =
        driver.executeAsyncScript(
            "var done = arguments[arguments.length - 1];"
                + "var p = new URLSearchParams();"
                + "var fields = arguments[0];"
                + "Object.keys(fields).forEach(function (k) { p.append(k, fields[k]); });"
                + "p.append('jakarta.faces.ViewState',"
                + " document.querySelector(\"input[name='jakarta.faces.ViewState']\").value);"
                + "var s = document.querySelector('script[nonce]');"
                + "if (s) p.append('primefaces.nonce', s.nonce);"
                + "fetch(location.href, {method: 'POST', body: p, credentials: 'same-origin'})"
                + ".then(function (r) { done(r.status); }, function (e) { done(String(e)); });",
            fields);
    assertTrue(status instanceof Number, "the post was answered: " + status);
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  // the REST API beside the browser

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The first admin, whose password the test setup passes as {@code felu.test.admin.password}. */
  static String admin() {
    return basic("admin", System.getProperty("felu.test.admin.password"));
  }

  /** A JSON request to felu's API at {@code base}; {@code body} null for none. */
  static HttpResponse<String> api(URL base, String auth, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
            .header("Authorization", auth)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
