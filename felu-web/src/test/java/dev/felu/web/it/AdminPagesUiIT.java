package dev.felu.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The users, API tokens and audit log pages in a real browser (the same headless Chromium setup as
 * {@link AdminUiIT}): an admin creates an operator on the Users page (a too-short password is
 * refused next to its field first), the operator logs in, makes an API token on the Tokens page
 * (its secret shown once), uses it as a script would, revokes it on the page (then 401); the admin
 * finds the token's change and the operator's own in the audit log by user and by zone, with their
 * before and after. On the TSIG keys page an admin's bad secret is refused next to its field, a
 * generated key's secret and peer configuration are shown once, its update policy is refused naming
 * the bad rule and then saved, and the key is deleted. The zones page's "Import from a primary"
 * dialog refuses a garbled transfer next to the zones, previews a working one, then imports it.
 */
class AdminPagesUiIT extends InBrowser {
  private static final String PASSWORD = "pg-password-" + Long.toHexString(System.nanoTime());
  private static final String RUN = Long.toString(System.nanoTime() % 1_000_000L, 36);

  @Deployment(testable = false)
  static WebArchive deployment() throws URISyntaxException {
    return Deployments.full();
  }

  @Test
  void anAdminMakesAnOperatorWhoseTokenWorksUntilRevokedAndTheAuditLogShowsBoth() throws Exception {
    String zone = "pg-" + RUN + ".test.";
    String user = "pg-op-" + RUN;
    String tokenName = "pg-bot-" + RUN;
    assertEquals(
        201,
        Browser.api(
                base,
                Browser.admin(),
                "POST",
                "api/v1/zones",
                "{\"name\":\""
                    + zone
                    + "\",\"records\":[{\"name\":\"www\",\"type\":\"A\",\"ttl\":300,"
                    + "\"data\":\"192.0.2.1\"}]}")
            .statusCode());

    // the admin creates an operator limited to the zone; a short password is refused first
    browser.login("admin", System.getProperty("felu.test.admin.password"));
    browser.open("admin/users.xhtml");
    browser.type(By.id("create:username"), user);
    browser.type(By.id("create:password"), "short");
    browser.select("create:role", "operator");
    browser.chip("create:zones", zone);
    browser.click(By.id("create:submit"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("create:passwordMessage"), "at least 10 characters"));
    assertEquals(
        404,
        Browser.api(base, Browser.admin(), "GET", "api/v1/accounts/" + user, null).statusCode());
    browser.type(By.id("create:password"), PASSWORD);
    browser.click(By.id("create:submit"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "Created operator " + user));
    String row = accountRow(user);
    assertTrue(row.contains("operator") && row.contains(zone), row);

    // the only admin cannot demote itself: refused next to the role in the edit dialog
    browser.click(By.id("list:accounts:" + accountIndex("admin") + ":edit"));
    wait.until(ExpectedConditions.textToBe(By.id("edit:editing"), "admin"));
    browser.select("edit:role", "viewer");
    browser.click(By.id("edit:save"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("edit:roleMessage"), "the last enabled admin cannot be demoted"));
    assertTrue(
        Browser.api(base, Browser.admin(), "GET", "api/v1/accounts/admin", null)
            .body()
            .contains("\"role\":\"admin\""),
        "still an admin");
    browser.click(By.id("edit:cancel"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("editDialog")));

    // the operator logs in and makes a token: its secret is shown once
    browser.logout();
    browser.login(user, PASSWORD);
    browser.open("tokens.xhtml");
    browser.type(By.id("create:name"), tokenName);
    browser.click(By.id("create:submit"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("secret")));
    String secret = driver.findElement(By.id("secret")).getText().trim();
    assertTrue(secret.matches("felu_[A-Za-z0-9_-]{43}"), secret);
    assertTrue(browser.text(By.id("secretDialog")).contains("will not be shown again"));
    browser.click(By.id("secretForm:done"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secretDialog")));
    assertFalse(driver.getPageSource().contains(secret), "gone from the page once closed");
    browser.open("tokens.xhtml");
    String tokens = browser.text(By.id("list:tokens"));
    assertTrue(tokens.contains(tokenName) && tokens.contains(zone), tokens);
    assertFalse(driver.getPageSource().contains(secret), "never listed");

    // a script uses it: it reads the operator's zone and changes a record there
    String bearer = "Bearer " + secret;
    HttpResponse<String> zones = Browser.api(base, bearer, "GET", "api/v1/zones", null);
    assertEquals(200, zones.statusCode(), zones.body());
    assertTrue(zones.body().contains(zone), zones.body());
    long id = recordId(bearer, zone, "192.0.2.1");
    HttpResponse<String> put =
        Browser.api(
            base,
            bearer,
            "PUT",
            "api/v1/zones/" + zone + "/records/" + id,
            "{\"name\":\"www\",\"type\":\"A\",\"ttl\":300,\"data\":\"192.0.2.2\"}");
    assertEquals(200, put.statusCode(), put.body());

    // revoked on the page: the script gets 401 from then on
    browser.click(By.id("list:tokens:0:revoke"));
    browser.click(By.id("list:confirmYes"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "Revoked token " + tokenName));
    assertTrue(driver.findElements(By.id("list:tokens:0:revoke")).isEmpty(), "nothing to revoke");
    assertEquals(401, Browser.api(base, bearer, "GET", "api/v1/zones", null).statusCode());

    // the admin finds the operator's revocation by user, with before and after
    browser.logout();
    browser.login("admin", System.getProperty("felu.test.admin.password"));
    browser.open("admin/audit.xhtml");
    browser.type(By.id("filters:user"), user);
    browser.click(By.id("filters:apply"));
    int revoked = auditRow(user, r -> r.contains("delete") && r.contains("token"));
    String[] beforeAfter = expand(revoked);
    assertTrue(beforeAfter[0].contains("name=" + tokenName), beforeAfter[0]);
    assertFalse(beforeAfter[0].contains("revoked"), beforeAfter[0]);
    assertTrue(beforeAfter[1].endsWith("revoked"), beforeAfter[1]);

    // ... and the token's record change by zone
    browser.click(By.id("filters:clear"));
    wait.until(
        d -> {
          try {
            return d.findElement(By.id("filters:user")).getAttribute("value").isEmpty();
          } catch (WebDriverException e) {
            return false; // re-rendered meanwhile
          }
        });
    browser.type(By.id("filters:zone"), zone);
    browser.click(By.id("filters:apply"));
    int update = auditRow(zone, r -> r.contains("update") && r.contains("token:" + tokenName));
    beforeAfter = expand(update);
    assertEquals("www." + zone + " 300 IN A 192.0.2.1", beforeAfter[0]);
    assertEquals("www." + zone + " 300 IN A 192.0.2.2", beforeAfter[1]);

    // a time range that ended before it all shows nothing
    browser.type(By.id("filters:to_input"), "2001-01-01 00:00");
    driver.findElement(By.id("filters:to_input")).sendKeys(Keys.ESCAPE);
    browser.click(By.id("filters:apply"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("log:entries"), "No entries match."));
  }

  @Test
  void anAdminMakesATsigKeyWhoseSecretIsShownOnceAndDeletesIt() throws Exception {
    String zone = "tk-" + RUN + ".test.";
    String key = "tk-" + RUN + ".example.";
    assertEquals(
        201,
        Browser.api(base, Browser.admin(), "POST", "api/v1/zones", "{\"name\":\"" + zone + "\"}")
            .statusCode());
    browser.login("admin", System.getProperty("felu.test.admin.password"));
    browser.open("admin/tsig-keys.xhtml");

    // a peer's secret that is not Base64: refused next to its field, nothing made, not repeated
    String garbage = "no-base64-here!" + RUN;
    browser.type(By.id("create:name"), key);
    browser.type(By.id("create:secret"), garbage);
    browser.click(By.id("create:submit"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("create:secretMessage"), "not valid Base64"));
    assertFalse(driver.getPageSource().contains(garbage), "the secret is not repeated");
    assertEquals(
        404,
        Browser.api(base, Browser.admin(), "GET", "api/v1/tsig-keys/" + key, null).statusCode());

    // generated: the secret and the peer's configuration shown once
    browser.type(By.id("create:name"), key);
    browser.type(By.id("create:secret"), "");
    browser.select("create:algorithm", "hmac-sha512");
    browser.chip("create:zones", zone);
    browser.click(By.id("create:submit"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("secret")));
    String secret = driver.findElement(By.id("secret")).getText().trim();
    assertEquals(64, java.util.Base64.getDecoder().decode(secret).length, secret);
    String bind = browser.text(By.id("bind"));
    assertTrue(
        bind.contains("key \"" + key + "\"")
            && bind.contains("hmac-sha512")
            && bind.contains(secret),
        bind);
    browser.click(By.id("secretForm:done"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secretDialog")));
    browser.open("admin/tsig-keys.xhtml");
    String keys = browser.text(By.id("list:keys"));
    assertTrue(keys.contains(key) && keys.contains(zone) && keys.contains("hmac-sha512"), keys);
    assertFalse(driver.getPageSource().contains(secret), "never listed");
    HttpResponse<String> made =
        Browser.api(base, Browser.admin(), "GET", "api/v1/tsig-keys/" + key, null);
    assertEquals(200, made.statusCode(), made.body());
    assertTrue(made.body().contains(zone), made.body());

    // its update policy: a bad rule refused next to the field, naming it; then two rules saved
    browser.click(By.id("list:keys:" + keyIndex(key) + ":policy"));
    browser.type(
        By.id("policy:rules"),
        zone + " pattern _acme-challenge.* TXT\n" + zone + " pattern _acme-* TXT");
    browser.click(By.id("policy:savePolicy"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("policy:rulesMessage"), "rule #2: pattern '_acme-*'"));
    String policyPath = "api/v1/tsig-keys/" + key + "/update-policy";
    assertEquals(
        "{\"rules\":[]}", Browser.api(base, Browser.admin(), "GET", policyPath, null).body());
    browser.type(
        By.id("policy:rules"),
        zone + " pattern _acme-challenge.* TXT\n" + zone + " subtree DYN." + zone + " aaaa a");
    browser.click(By.id("policy:savePolicy"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "Saved the update policy of TSIG key " + key));
    String policy = Browser.api(base, Browser.admin(), "GET", policyPath, null).body();
    assertTrue(
        policy.contains("\"_acme-challenge.*\"")
            && policy.contains("\"dyn." + zone + "\"")
            && policy.contains("[\"A\",\"AAAA\"]"),
        policy);
    browser.open("admin/tsig-keys.xhtml");
    browser.click(By.id("list:keys:" + keyIndex(key) + ":policy"));
    wait.until(
        ExpectedConditions.textToBePresentInElementValue(
            By.id("policy:rules"), zone + " subtree dyn." + zone + " A AAAA"));
    browser.click(By.id("policy:cancelPolicy"));

    // deleted on the page (it asks first)
    browser.click(By.id("list:keys:" + keyIndex(key) + ":delete"));
    browser.click(By.id("list:confirmYes"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "Deleted TSIG key " + key));
    assertEquals(
        404,
        Browser.api(base, Browser.admin(), "GET", "api/v1/tsig-keys/" + key, null).statusCode());
  }

  /** The row index of the account in the Users table. */
  @Test
  void anAdminImportsZonesFromAPrimaryPreviewFirst() throws Exception {
    String zone = "ui-mig-" + RUN + ".test.";
    org.xbill.DNS.Name origin = org.xbill.DNS.Name.fromString(zone);
    List<org.xbill.DNS.Record> records =
        List.of(
            org.xbill.DNS.Record.fromString(
                origin,
                org.xbill.DNS.Type.SOA,
                org.xbill.DNS.DClass.IN,
                3600,
                "ns1.example.net. hostmaster.example.net. 42 7200 900 1209600 60",
                origin),
            org.xbill.DNS.Record.fromString(
                org.xbill.DNS.Name.fromString("www", origin),
                org.xbill.DNS.Type.A,
                org.xbill.DNS.DClass.IN,
                300,
                "192.0.2.44",
                origin));
    browser.login("admin", System.getProperty("felu.test.admin.password"));
    try (FakePrimary garbled = new FakePrimary(FakePrimary.Mode.GARBAGE, records);
        FakePrimary primary = new FakePrimary(FakePrimary.Mode.ZONE, records)) {
      browser.open("zones.xhtml");
      browser.click(By.id("list:migrate"));
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("migrateDialog")));
      browser.type(By.id("migrate:primary"), "127.0.0.1");
      browser.type(By.id("migrate:port"), String.valueOf(garbled.port()));
      browser.chip("migrate:zones", zone);

      // a primary that sends garbage: said next to the zones, nothing imported
      browser.click(By.id("migrate:preview"));
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("migrate:zonesMessage"), "nothing was imported"));

      // the preview says what would come, and nothing does yet
      browser.type(By.id("migrate:port"), String.valueOf(primary.port()));
      browser.click(By.id("migrate:preview"));
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("migrate:outcome"), "Preview: would create 1"));
      assertTrue(browser.text(By.id("migrate:result")).contains(zone));
      assertEquals(
          404,
          Browser.api(base, Browser.admin(), "GET", "api/v1/zones/" + zone, null).statusCode());

      // the import makes it, with the primary's records; while the primary takes its time the
      // dialog says which zone it is pulling
      primary.hold();
      browser.click(By.id("migrate:apply"));
      try {
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("migrateProgress:progress"), "pulled 0 of 1 zones; now " + zone));
      } finally {
        primary.release();
      }
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("migrate:outcome"), "Imported: created 1"));
      HttpResponse<String> file =
          Browser.api(base, Browser.admin(), "GET", "api/v1/zones/" + zone + "/file", null);
      assertEquals(200, file.statusCode(), file.body());
      assertTrue(file.body().contains("192.0.2.44") && file.body().contains(" 42 "), file.body());
    }
  }

  private int keyIndex(String key) {
    for (WebElement r : driver.findElements(By.cssSelector("#list\\:keys_data tr"))) {
      if (r.findElement(By.cssSelector(".key-name")).getText().equals(key)) {
        return Integer.parseInt(r.getAttribute("data-ri"));
      }
    }
    throw new AssertionError("no row for " + key);
  }

  private int accountIndex(String username) {
    for (WebElement r : driver.findElements(By.cssSelector("#list\\:accounts_data tr"))) {
      if (r.findElement(By.cssSelector(".username")).getText().equals(username)) {
        return Integer.parseInt(r.getAttribute("data-ri"));
      }
    }
    throw new AssertionError("no row for " + username);
  }

  /** The text of the Users table row for the account, once it is listed. */
  private String accountRow(String username) {
    return wait.until(
        d -> {
          for (WebElement r : d.findElements(By.cssSelector("#list\\:accounts_data tr"))) {
            try {
              if (r.getText().contains(username)) {
                return r.getText();
              }
            } catch (WebDriverException e) {
              // re-rendered meanwhile: look again
            }
          }
          return null;
        });
  }

  /**
   * The index of the first audit table row whose text matches, once the table shows only rows of
   * the filter (every row holds {@code filtered}): a table rendered before the filter applied is
   * not taken for the answer.
   */
  private int auditRow(String filtered, java.util.function.Predicate<String> matches) {
    return wait.until(
        d -> {
          try {
            List<WebElement> rows =
                d.findElements(By.cssSelector("#log\\:entries_data tr[data-ri]"));
            List<String> texts = rows.stream().map(WebElement::getText).toList();
            if (texts.isEmpty() || !texts.stream().allMatch(t -> t.contains(filtered))) {
              return null;
            }
            for (int i = 0; i < texts.size(); i++) {
              if (matches.test(texts.get(i))) {
                return Integer.valueOf(rows.get(i).getAttribute("data-ri"));
              }
            }
          } catch (WebDriverException e) {
            // re-rendered meanwhile: look again
          }
          return null;
        });
  }

  /** Opens the row's before/after and returns them. */
  private String[] expand(int index) {
    By row = By.cssSelector("#log\\:entries_data tr[data-ri='" + index + "']");
    browser.click(
        By.cssSelector("#log\\:entries_data tr[data-ri='" + index + "'] .ui-row-toggler"));
    WebElement expansion =
        wait.until(
            d -> {
              try {
                WebElement next =
                    d.findElement(row).findElement(By.xpath("following-sibling::tr[1]"));
                return next.getAttribute("class").contains("ui-expanded-row-content")
                        && next.findElement(By.cssSelector("pre.after")).isDisplayed()
                    ? next
                    : null;
              } catch (WebDriverException e) {
                return null; // not there yet, or re-rendered meanwhile
              }
            });
    return new String[] {
      expansion.findElement(By.cssSelector("pre.before")).getText().trim(),
      expansion.findElement(By.cssSelector("pre.after")).getText().trim()
    };
  }

  private long recordId(String auth, String zone, String data) throws Exception {
    HttpResponse<String> r =
        Browser.api(base, auth, "GET", "api/v1/zones/" + zone + "/records", null);
    assertEquals(200, r.statusCode(), r.body());
    return Json.createReader(new StringReader(r.body())).readArray().stream()
        .map(JsonObject.class::cast)
        .filter(o -> o.getString("data").equals(data))
        .findFirst()
        .orElseThrow(() -> new AssertionError(r.body()))
        .getJsonNumber("id")
        .longValue();
  }
}
