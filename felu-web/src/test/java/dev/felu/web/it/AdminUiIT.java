package dev.felu.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The admin UI in a real browser: Selenium drives Debian's headless Chromium (chromium +
 * chromium-driver, which {@code .ci/run} installs) against the management web module on Payara
 * Micro and PostgreSQL. An operator logs in, creates a zone, adds, edits and deletes records, sees
 * dnsjava's validation message next to the field, imports a zone file after a preview and deletes a
 * zone; a viewer sees no edit controls, and a crafted post for a control it was never shown changes
 * nothing (the same post from an operator does). Skipped, with a message, only where no Chromium is
 * installed.
 */
class AdminUiIT extends InBrowser {
  private static final String PASSWORD = "ui-password-" + Long.toHexString(System.nanoTime());
  private static final String RUN = Long.toString(System.nanoTime() % 1_000_000L, 36);
  private static boolean accounts;

  @Deployment(testable = false)
  static WebArchive deployment() throws URISyntaxException {
    return Deployments.full();
  }

  @BeforeEach
  void accounts() throws Exception {
    makeAccounts();
  }

  @Test
  void anOperatorManagesAZoneInTheBrowser() throws Exception {
    String zone = "ui-" + RUN + ".test.";
    login("ui-operator-" + RUN);

    // create a zone from the list's dialog: the editor opens, the SOA is shown read-only
    browser.open("zones.xhtml");
    browser.click(By.id("list:new"));
    browser.type(By.id("createForm:newName"), zone);
    browser.click(By.id("createForm:create"));
    wait.until(ExpectedConditions.textToBe(By.id("zoneName"), zone));
    assertTrue(browser.text(By.id("soa")).contains("SOA"), browser.text(By.id("soa")));
    assertTrue(driver.findElements(By.id("add:newName")).size() == 1, "operators can add");

    // add an A record
    addRecord("www", "A", "192.0.2.10");
    waitForData("192.0.2.10");

    // bad data: dnsjava's message next to the data field, nothing stored
    addRecord("bad", "A", "192.0.2.300");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("add:newDataMessage"), "192.0.2.300"));
    assertFalse(recordTexts().contains("bad." + zone), "a refused record is not stored");

    // the type select switches the data hint; an MX at the apex
    selectType("MX");
    wait.until(
        ExpectedConditions.attributeContains(By.id("add:newData"), "placeholder", "preference"));
    addRecord("@", null, "10 mail");
    waitForData("10 mail." + zone);

    // edit the A record in its row: a bad address is refused next to the field, a good one saved
    int row = rowOf("192.0.2.10");
    browser.click(
        By.cssSelector("#records\\:table_data tr[data-ri='" + row + "'] .ui-row-editor-pencil"));
    By editData = By.id("records:table:" + row + ":editData");
    browser.type(editData, "not-an-address");
    browser.click(
        By.cssSelector("#records\\:table_data tr[data-ri='" + row + "'] .ui-row-editor-check"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("records:table:" + row + ":editDataMessage"), "not-an-address"));
    browser.type(editData, "192.0.2.11");
    browser.click(
        By.cssSelector("#records\\:table_data tr[data-ri='" + row + "'] .ui-row-editor-check"));
    waitForData("192.0.2.11");
    assertTrue(
        soaSerial() >= 4, "the serial moved with each change: " + browser.text(By.id("soa")));

    // delete the MX
    row = rowOf("10 mail." + zone);
    browser.click(By.id("records:table:" + row + ":deleteRecord"));
    wait.until(d -> !recordTexts().contains("10 mail." + zone));

    // import a zone file: preview shows the difference, apply makes it one change
    String file =
        "$ORIGIN "
            + zone
            + "\n$TTL 300\n@ IN NS ns1.example.net.\nwww IN A 192.0.2.11\nftp IN CNAME www\n";
    browser.type(By.id("import:zoneFile"), file);
    browser.click(By.id("import:preview"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("import:summary"), "3 to add, 1 to remove"));
    browser.click(By.id("import:apply"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "Imported: 3 added, 1 removed."));
    waitForData("ftp." + zone);
    assertTrue(recordTexts().contains("ns1.example.net."), recordTexts());

    // an uploaded file is previewed the same way
    Path upload = Files.createTempFile(browser.profile(), "upload-", ".zone");
    Files.writeString(
        upload,
        "$TTL 300\n@ IN NS ns1.example.net.\nwww IN A 192.0.2.11\nftp IN CNAME www\n"
            + "@ IN MX 10 mail\n");
    driver.findElement(By.cssSelector("#import input[type='file']")).sendKeys(upload.toString());
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("import:summary"), "1 to add, 0 to remove"));

    // a zone file that does not parse: the message sits under the text area
    browser.type(By.id("import:zoneFile"), "www IN A 192.0.2.999\n");
    browser.click(By.id("import:preview"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("import:zoneFileMessage"), "192.0.2.999"));

    // a zone file cannot make the server read its own files: $INCLUDE is refused next to the
    // field, and nothing of the named file reaches the page
    Path secret = Files.createTempFile("felu-include", ".zone");
    String marker = "included-" + RUN;
    Files.writeString(secret, "www IN TXT \"" + marker + "\"\n");
    browser.type(By.id("import:zoneFile"), "$INCLUDE " + secret + "\n");
    browser.click(By.id("import:preview"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("import:zoneFileMessage"), "$INCLUDE"));
    assertFalse(driver.getPageSource().contains(marker), "the included file is never read");
    Files.delete(secret);

    // the zone list finds it; deleting asks first
    browser.open("zones.xhtml");
    browser.type(By.id("list:search"), "ui-" + RUN);
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".zone-link"), 1));
    browser.click(By.id("list:zones:0:delete"));
    browser.click(By.id("list:confirmYes"));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".zone-link"), 0));
    assertEquals(
        404, Browser.api(base, Browser.admin(), "GET", "api/v1/zones/" + zone, null).statusCode());
  }

  @Test
  void anOperatorSetsTheZonesTransferNetworksAndSecondariesToNotify() throws Exception {
    String zone = "xfr-ui-" + RUN + ".test.";
    String key = "xfr-ui-" + RUN + ".example.";
    assertEquals(
        201,
        Browser.api(
                base, Browser.admin(), "POST", "api/v1/zones", HttpApi.body(Map.of("name", zone)))
            .statusCode());
    assertEquals(
        201,
        Browser.api(
                base,
                Browser.admin(),
                "POST",
                "api/v1/tsig-keys",
                HttpApi.body(Map.of("name", key, "zones", List.of(zone))))
            .statusCode());
    login("ui-operator-" + RUN);
    browser.open("zone.xhtml?name=" + zone);

    // saved, then shown in normal form after a reload
    browser.type(By.id("transfers:networks"), "2001:db8::1/32");
    browser.type(By.id("transfers:secondaries"), "192.0.2.53 " + key + "\n2001:DB8:0::53 5353");
    browser.click(By.id("transfers:saveTransfers"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "Saved the zone"));
    browser.open("zone.xhtml?name=" + zone);
    wait.until(
        d ->
            d.findElement(By.id("transfers:secondaries"))
                .getAttribute("value")
                .equals("192.0.2.53 53 " + key + "\n2001:db8::53 5353"));
    assertEquals(
        "2001:db8::/32", driver.findElement(By.id("transfers:networks")).getAttribute("value"));

    // a host name is refused next to the field; what was saved stays
    browser.type(By.id("transfers:secondaries"), "ns1.example.");
    browser.click(By.id("transfers:saveTransfers"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("transfers:secondariesMessage"), "ns1.example."));
    String saved =
        Browser.api(base, Browser.admin(), "GET", "api/v1/zones/" + zone + "/notify", null).body();
    assertTrue(saved.contains("192.0.2.53") && !saved.contains("ns1.example."), saved);
  }

  @Test
  void aViewerSeesNoEditControlsAndACraftedPostChangesNothing() throws Exception {
    String zone = "ro-" + RUN + ".test.";
    assertEquals(
        201,
        Browser.api(
                base,
                Browser.admin(),
                "POST",
                "api/v1/zones",
                HttpApi.body(Map.of("name", zone, "records", List.of(www("192.0.2.20")))))
            .statusCode());

    login("ui-viewer-" + RUN);
    browser.open("zones.xhtml");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".zone-link")));
    assertTrue(driver.findElements(By.id("list:new")).isEmpty(), "no create button");
    assertTrue(driver.findElements(By.cssSelector("[id$=':delete']")).isEmpty(), "no delete");

    browser.open("zone.xhtml?name=" + zone);
    waitForData("192.0.2.20");
    for (String control : List.of("add", "import")) {
      assertTrue(driver.findElements(By.id(control)).isEmpty(), control + " form not rendered");
    }
    assertTrue(driver.findElements(By.cssSelector(".ui-row-editor")).isEmpty(), "no row editor");
    assertTrue(driver.findElements(By.cssSelector("[id$='deleteRecord']")).isEmpty(), "no delete");
    assertTrue(
        driver.findElements(By.id("transfers:saveTransfers")).isEmpty(), "no transfers save");
    assertEquals(
        "true", driver.findElement(By.id("transfers:secondaries")).getAttribute("readonly"));

    // a viewer may export: the zone file downloads with the SOA first
    browser.click(By.id("export:download"));
    Path exported = browser.downloads().resolve(zone + "zone");
    wait.until(d -> Files.exists(exported) && !Files.exists(Path.of(exported + ".crdownload")));
    String file = Files.readString(exported);
    assertTrue(file.startsWith("$ORIGIN " + zone + "\n" + zone), file);
    assertTrue(file.contains("SOA") && file.contains("192.0.2.20"), file);

    // the post the add form would make, sent anyway: the form is not in a viewer's view
    craftedAdd("192.0.2.99");
    assertFalse(
        recordsViaApi(zone).contains("192.0.2.99"), "the viewer's crafted post added nothing");

    // the same crafted post from an operator does add: the refusal above is the role's doing
    driver.manage().deleteAllCookies();
    login("ui-operator-" + RUN);
    browser.open("zone.xhtml?name=" + zone);
    waitForData("192.0.2.20");
    craftedAdd("192.0.2.98");
    assertTrue(recordsViaApi(zone).contains("192.0.2.98"), "an operator's identical post adds");
  }

  @Test
  void anEditOfARecordSomeoneChangedMeanwhileIsRefusedNotSavedOverIt() throws Exception {
    String zone = "stale-" + RUN + ".test.";
    assertEquals(
        201,
        Browser.api(
                base,
                Browser.admin(),
                "POST",
                "api/v1/zones",
                HttpApi.body(Map.of("name", zone, "records", List.of(www("192.0.2.30")))))
            .statusCode());
    login("ui-operator-" + RUN);
    browser.open("zone.xhtml?name=" + zone);
    waitForData("192.0.2.30");

    // the operator starts editing; meanwhile a script changes the same record
    int row = rowOf("192.0.2.30");
    browser.click(
        By.cssSelector("#records\\:table_data tr[data-ri='" + row + "'] .ui-row-editor-pencil"));
    browser.type(By.id("records:table:" + row + ":editData"), "192.0.2.31");
    changeViaApi(zone, "192.0.2.30", "192.0.2.32");

    // saving the stale edit is refused with a message saying why; the script's change stays
    browser.click(
        By.cssSelector("#records\\:table_data tr[data-ri='" + row + "'] .ui-row-editor-check"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "record changed since you read it"));
    assertTrue(recordsViaApi(zone).contains("192.0.2.32"), recordsViaApi(zone));
    assertFalse(recordsViaApi(zone).contains("192.0.2.31"), "the stale edit was not saved");

    // cancelling shows the record as it is now; a delete of a since-changed record is refused too
    browser.click(
        By.cssSelector("#records\\:table_data tr[data-ri='" + row + "'] .ui-row-editor-close"));
    waitForData("192.0.2.32");
    changeViaApi(zone, "192.0.2.32", "192.0.2.33");
    browser.click(By.id("records:table:" + rowOf("192.0.2.32") + ":deleteRecord"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "record changed since you read it"));
    assertTrue(recordsViaApi(zone).contains("192.0.2.33"), "not deleted: " + recordsViaApi(zone));
  }

  @Test
  void aThousandRecordZoneOpensOnePageAtATimeSearchedSortedAndEditedOnPageTwo() throws Exception {
    String zone = "big-" + RUN + ".test.";
    assertEquals(
        201,
        Browser.api(
                base, Browser.admin(), "POST", "api/v1/zones", HttpApi.body(Map.of("name", zone)))
            .statusCode());
    StringBuilder file = new StringBuilder("$TTL 300\n");
    for (int i = 0; i < 1000; i++) {
      file.append(String.format("h%04d A 10.0.%d.%d%n", i, i / 256, i % 256));
    }
    HttpResponse<String> imported =
        Browser.api(
            base, Browser.admin(), "PUT", "api/v1/zones/" + zone + "/file", file.toString());
    assertEquals(200, imported.statusCode(), imported.body());

    // the editor shows 50 rows and says how many there are; the page stays small
    login("ui-operator-" + RUN);
    browser.open("zone.xhtml?name=" + zone);
    waitForData("h0000." + zone);
    assertEquals(50, rows().size());
    assertTrue(
        browser.text(By.cssSelector("#records\\:table .ui-paginator-current")).contains("of 1000"),
        browser.text(By.cssSelector("#records\\:table .ui-paginator-current")));
    assertFalse(recordTexts().contains("h0050."), "the second page is not on the first");
    int html = driver.getPageSource().length();
    // 50 rows with their (hidden) row editors; all 1,000 rows made 7 MB before paging
    assertTrue(html < 400_000, "the editor page of a 1,000-record zone is " + html + " chars");
    assertTrue(browser.text(By.id("soa")).contains("SOA"), "the SOA is shown apart");

    // page 2, edit a record there: saved, and the row stays on page 2
    browser.click(By.cssSelector("#records\\:table .ui-paginator-next"));
    waitForData("h0050." + zone);
    int row = rowOf("h0060." + zone);
    assertEquals(60, row, "rows are numbered across pages");
    browser.click(
        By.cssSelector("#records\\:table_data tr[data-ri='" + row + "'] .ui-row-editor-pencil"));
    browser.type(By.id("records:table:" + row + ":editData"), "not-an-address");
    browser.click(
        By.cssSelector("#records\\:table_data tr[data-ri='" + row + "'] .ui-row-editor-check"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("records:table:" + row + ":editDataMessage"), "not-an-address"));
    browser.type(By.id("records:table:" + row + ":editData"), "192.0.2.60");
    browser.click(
        By.cssSelector("#records\\:table_data tr[data-ri='" + row + "'] .ui-row-editor-check"));
    waitForData("192.0.2.60");
    assertTrue(recordsViaApi(zone, "h0060").contains("192.0.2.60"), "saved");

    // sorted by name, descending: the last record comes first
    By nameHeader = By.xpath("//th[.//span[text()='Name']]");
    browser.click(nameHeader);
    wait.until(ExpectedConditions.attributeToBe(nameHeader, "aria-sort", "ascending"));
    wait.until(d -> rows().get(0).getText().contains("h0000." + zone));
    browser.click(nameHeader);
    wait.until(ExpectedConditions.attributeToBe(nameHeader, "aria-sort", "descending"));
    wait.until(d -> rows().get(0).getText().contains("h0999." + zone));

    // searched in the database, case-insensitively, across every page
    browser.type(By.id("records:search"), "H077");
    wait.until(d -> rows().size() == 10 && recordTexts().contains("h0770." + zone));
    assertTrue(
        browser
            .text(By.cssSelector("#records\\:table .ui-paginator-current"))
            .contains("of 10 records"),
        browser.text(By.cssSelector("#records\\:table .ui-paginator-current")));
    browser.type(By.id("records:search"), "192.0.2.60");
    wait.until(d -> rows().size() == 1 && recordTexts().contains("h0060." + zone));
  }

  private List<WebElement> rows() {
    return driver.findElements(By.cssSelector("#records\\:table_data tr[data-ri]"));
  }

  /** The zone's records found by a search, as JSON text, through the REST API. */
  private String recordsViaApi(String zone, String search) throws Exception {
    HttpResponse<String> r =
        Browser.api(
            base,
            Browser.admin(),
            "GET",
            "api/v1/zones/" + zone + "/records?search=" + search,
            null);
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  /** Changes the A record holding {@code from} to {@code to} through the REST API, as the admin. */
  private void changeViaApi(String zone, String from, String to) throws Exception {
    HttpResponse<String> r =
        Browser.api(base, Browser.admin(), "GET", "api/v1/zones/" + zone + "/records", null);
    assertEquals(200, r.statusCode(), r.body());
    JsonObject rec =
        Json.createReader(new StringReader(r.body())).readArray().stream()
            .map(v -> v.asJsonObject())
            .filter(o -> o.getString("data").equals(from))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no record holds " + from + ": " + r.body()));
    HttpResponse<String> put =
        Browser.api(
            base,
            Browser.admin(),
            "PUT",
            "api/v1/zones/" + zone + "/records/" + rec.getJsonNumber("id").longValue(),
            HttpApi.body(www(to)));
    assertEquals(200, put.statusCode(), put.body());
  }

  @Test
  void anAdminRegistersResyncsAndRemovesANameserverInTheBrowser() throws Exception {
    String ns = "nsui-" + RUN;
    browser.login("admin", System.getProperty("felu.test.admin.password"));
    browser.open("nameservers.xhtml");

    // a bad config URL: the service's message next to the field, nothing registered
    browser.click(By.id("fleet:register"));
    browser.type(By.id("registerForm:name"), ns);
    browser.type(By.id("registerForm:configUrl"), "http://127.0.0.1:9/ns/config");
    browser.type(By.id("registerForm:dnsPort"), "5399");
    browser.click(By.id("registerForm:save"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("registerForm:configUrlMessage"), "ws://host:port/ns/config"));
    assertEquals(
        404,
        Browser.api(base, Browser.admin(), "GET", "api/v1/nameservers/" + ns, null).statusCode());

    // registered: the bootstrap token is shown once, with how to hand it over
    browser.type(By.id("registerForm:configUrl"), "ws://127.0.0.1:9/ns/config");
    browser.click(By.id("registerForm:save"));
    String token =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tokenForm:token")))
            .getText();
    assertTrue(token.startsWith("felu1." + ns + "."), token);
    String dialog = browser.text(By.id("tokenForm"));
    assertTrue(dialog.contains("shown this once") && dialog.contains("FELU_NS_LINK_KEYS"), dialog);
    String key = token.substring(token.lastIndexOf('.') + 1);
    HttpResponse<String> got =
        Browser.api(base, Browser.admin(), "GET", "api/v1/nameservers/" + ns, null);
    assertEquals(200, got.statusCode(), got.body());
    assertFalse(got.body().contains(key), "the API never shows the key: " + got.body());
    assertFalse(
        Browser.api(base, Browser.admin(), "GET", "api/v1/nameservers", null).body().contains(key),
        "nor the list");

    // closed, the token is gone from the page, and a reload does not bring it back
    browser.click(By.id("tokenForm:tokenDone"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("tokenForm:token")));
    assertFalse(driver.getPageSource().contains(key), "the token left the page");
    browser.open("nameservers.xhtml");
    int row = nameserverRow(ns);
    assertFalse(driver.getPageSource().contains(key), "a reload does not show it again");
    String line = nameserverRowText(ns);
    assertTrue(line.contains("not connected") && line.contains("127.0.0.1:5399"), line);

    // force a resync: nobody listens at its config URL, so it waits for the link to connect
    browser.click(By.id("fleet:nameservers:" + row + ":resync"));
    browser.click(By.id("fleet:confirmYes"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "the snapshot is sent when it connects"));
    wait.until(d -> nameserverRowText(ns).contains("full resync pending"));
    HttpResponse<String> viaApi =
        Browser.api(base, Browser.admin(), "POST", "api/v1/nameservers/" + ns + "/resync", null);
    assertEquals(202, viaApi.statusCode(), viaApi.body());
    JsonObject requested = Json.createReader(new StringReader(viaApi.body())).readObject();
    assertFalse(requested.getBoolean("connected"), viaApi.body());
    assertTrue(requested.getString("detail").contains("when the link connects"), viaApi.body());
    assertTrue(auditOf("admin", ns).contains("resync"), "audited: " + auditOf("admin", ns));

    // rotate its key: the new pending key's token is shown once, the same way
    browser.click(By.id("fleet:nameservers:" + nameserverRow(ns) + ":rotate"));
    browser.click(By.id("fleet:confirmYes"));
    String rotated =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tokenForm:token")))
            .getText();
    assertTrue(rotated.startsWith("felu1." + ns + ".") && !rotated.equals(token), rotated);
    browser.click(By.id("tokenForm:tokenDone"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("tokenForm:token")));
    wait.until(d -> nameserverRowText(ns).contains("PENDING"));

    // disabled, it is sent nothing: a resync is refused with the reason
    browser.click(By.id("fleet:nameservers:" + nameserverRow(ns) + ":toggle"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "Disabled " + ns));
    wait.until(d -> nameserverRowText(ns).contains("DISABLED"));
    HttpResponse<String> refused =
        Browser.api(base, Browser.admin(), "POST", "api/v1/nameservers/" + ns + "/resync", null);
    assertEquals(409, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("disabled"), refused.body());

    // its addresses move in the edit dialog: a bad one is refused next to its field
    browser.click(By.id("fleet:nameservers:" + nameserverRow(ns) + ":edit"));
    wait.until(ExpectedConditions.textToBe(By.id("editForm:editing"), ns));
    browser.type(By.id("editForm:editConfigUrl"), "ftp://127.0.0.1:9/ns/config");
    browser.click(By.id("editForm:saveEdit"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("editForm:editConfigUrlMessage"), "ws://host:port/ns/config"));
    browser.type(By.id("editForm:editConfigUrl"), "ws://127.0.0.1:8/ns/config");
    browser.type(By.id("editForm:editDnsPort"), "5398");
    browser.click(By.id("editForm:saveEdit"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "Saved the addresses of " + ns));
    wait.until(d -> nameserverRowText(ns).contains("127.0.0.1:5398"));
    JsonObject moved =
        Json.createReader(
                new StringReader(
                    Browser.api(base, Browser.admin(), "GET", "api/v1/nameservers/" + ns, null)
                        .body()))
            .readObject();
    assertEquals("ws://127.0.0.1:8/ns/config", moved.getString("configUrl"));
    assertEquals(5398, moved.getInt("dnsPort"));

    // removing asks first
    browser.click(By.id("fleet:nameservers:" + nameserverRow(ns) + ":remove"));
    browser.click(By.id("fleet:confirmYes"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("messages"), "Removed nameserver " + ns));
    wait.until(d -> !browser.text(By.id("fleet:nameservers")).contains(ns));
    assertEquals(
        404,
        Browser.api(base, Browser.admin(), "GET", "api/v1/nameservers/" + ns, null).statusCode());
  }

  @Test
  void aViewerSeesTheFleetButNoNameserverControlsAndACraftedPostChangesNothing() throws Exception {
    String ns = "nsro-" + RUN;
    HttpResponse<String> registered =
        Browser.api(
            base,
            Browser.admin(),
            "POST",
            "api/v1/nameservers",
            HttpApi.body(
                Map.of(
                    "name",
                    ns,
                    "configUrl",
                    "ws://127.0.0.1:9/ns/config",
                    "dnsHost",
                    "127.0.0.1")));
    assertEquals(201, registered.statusCode(), registered.body());

    String viewer = "ui-viewer-" + RUN;
    login(viewer);
    browser.open("nameservers.xhtml");
    int row = nameserverRow(ns);
    String line = nameserverRowText(ns);
    assertTrue(line.contains("ws://127.0.0.1:9/ns/config") && line.contains("ACTIVE"), line);
    assertTrue(driver.findElements(By.id("fleet:register")).isEmpty(), "no register button");
    for (String control : List.of("resync", "toggle", "rotate", "remove")) {
      assertTrue(
          driver.findElements(By.cssSelector("[id$=':" + control + "']")).isEmpty(),
          "no " + control + " button");
    }
    assertTrue(driver.findElements(By.id("registerForm")).isEmpty(), "no register dialog");

    // the posts the resync and remove buttons would make, sent anyway: not in a viewer's view
    craftedRowAction(row, "resync");
    browser.open("nameservers.xhtml");
    craftedRowAction(nameserverRow(ns), "remove");
    assertEquals(
        200,
        Browser.api(base, Browser.admin(), "GET", "api/v1/nameservers/" + ns, null).statusCode());
    assertEquals("", auditOf(viewer, ns), "the viewer changed nothing");

    // the same posts from an admin do act: the refusal above is the role's doing
    driver.manage().deleteAllCookies();
    browser.login("admin", System.getProperty("felu.test.admin.password"));
    browser.open("nameservers.xhtml");
    craftedRowAction(nameserverRow(ns), "resync");
    assertTrue(auditOf("admin", ns).contains("resync"), auditOf("admin", ns));
    browser.open("nameservers.xhtml");
    craftedRowAction(nameserverRow(ns), "remove");
    assertEquals(
        404,
        Browser.api(base, Browser.admin(), "GET", "api/v1/nameservers/" + ns, null).statusCode());
  }

  /** Posts what a row's button would (no confirmation), with this page's ViewState and nonce. */
  private void craftedRowAction(int row, String button) {
    String id = "fleet:nameservers:" + row + ":" + button;
    browser.postForm(Map.of("fleet", "fleet", id, id));
  }

  /** The index (data-ri) of the nameserver's row in the fleet table. */
  private int nameserverRow(String ns) {
    return wait.until(
        d -> {
          for (WebElement r : d.findElements(By.cssSelector("#fleet\\:nameservers_data tr"))) {
            if (r.findElements(By.cssSelector(".ns-name")).stream()
                .anyMatch(n -> n.getText().equals(ns))) {
              return Integer.parseInt(r.getAttribute("data-ri"));
            }
          }
          return null;
        });
  }

  private String nameserverRowText(String ns) {
    try {
      return driver
          .findElement(
              By.cssSelector("#fleet\\:nameservers_data tr[data-ri='" + nameserverRow(ns) + "']"))
          .getText();
    } catch (org.openqa.selenium.StaleElementReferenceException e) {
      return "";
    }
  }

  /** The actions the audit log records by {@code actor} on nameserver {@code ns}, one a line. */
  private String auditOf(String actor, String ns) throws Exception {
    HttpResponse<String> r =
        Browser.api(base, Browser.admin(), "GET", "api/v1/audit?size=500&user=" + actor, null);
    assertEquals(200, r.statusCode(), r.body());
    StringBuilder out = new StringBuilder();
    for (JsonObject e :
        Json.createReader(new StringReader(r.body())).readArray().getValuesAs(JsonObject.class)) {
      if (e.getString("entity").equals("nameserver") && ns.equals(e.getString("subject", null))) {
        out.append(e.getString("action")).append('\n');
      }
    }
    return out.toString();
  }

  /** Posts the add form's fields with this page's ViewState and CSP nonce, as a script could. */
  private void craftedAdd(String address) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("add", "add");
    form.put("add:newName", "crafted");
    form.put("add:newType_input", "A");
    form.put("add:newTtl_input", "3600");
    form.put("add:newTtl_hinput", "3600");
    form.put("add:newData", address);
    form.put("add:addRecord", "add:addRecord");
    browser.postForm(form);
  }

  private void login(String username) {
    browser.login(username, PASSWORD);
  }

  private void addRecord(String name, String type, String data) {
    browser.type(By.id("add:newName"), name);
    if (type != null) {
      selectType(type);
    }
    browser.type(By.id("add:newData"), data);
    browser.click(By.id("add:addRecord"));
  }

  /** Picks a type in the PrimeFaces select as a user does: open the panel, click the item. */
  private void selectType(String type) {
    By panel = By.id("add:newType_panel");
    By item = By.cssSelector("#add\\:newType_items li[data-label='" + type + "']");
    // the overlay fades in and the form is re-rendered after each post: retry until it took
    wait.until(
        d -> {
          if (d.findElement(By.id("add:newType_label")).getText().equals(type)) {
            return true;
          }
          try {
            List<WebElement> open = d.findElements(panel);
            if (!open.isEmpty() && open.get(0).isDisplayed()) {
              d.findElement(item).click();
            } else {
              d.findElement(By.id("add:newType")).click();
            }
          } catch (org.openqa.selenium.WebDriverException e) {
            // stale or not yet interactable: try again on the next poll
          }
          return false;
        });
    wait.until(
        ExpectedConditions.attributeContains(By.id("add:newData"), "placeholder", hintOf(type)));
  }

  private static String hintOf(String type) {
    return switch (type) {
      case "MX" -> "preference";
      case "A" -> "IPv4";
      default -> "";
    };
  }

  private void waitForData(String text) {
    wait.until(d -> recordTexts().contains(text));
  }

  /** Every cell of the records grid, one row a line. */
  private String recordTexts() {
    try {
      return driver.findElement(By.id("records:table_data")).getText();
    } catch (org.openqa.selenium.NoSuchElementException
        | org.openqa.selenium.StaleElementReferenceException e) {
      return "";
    }
  }

  private int rowOf(String data) {
    List<WebElement> rows = driver.findElements(By.cssSelector("#records\\:table_data tr"));
    for (WebElement r : rows) {
      if (r.getText().contains(data)) {
        return Integer.parseInt(r.getAttribute("data-ri"));
      }
    }
    throw new AssertionError("no row holds " + data + ": " + recordTexts());
  }

  private long soaSerial() {
    String[] soa = browser.text(By.id("soa")).trim().split("\\s+");
    return Long.parseLong(soa[6]);
  }

  // accounts and checks through the REST API, as the first admin

  private void makeAccounts() throws Exception {
    if (accounts) {
      return;
    }
    for (String role : List.of("operator", "viewer")) {
      HttpResponse<String> r =
          Browser.api(
              base,
              Browser.admin(),
              "POST",
              "api/v1/accounts",
              HttpApi.body(
                  Map.of(
                      "username",
                      "ui-" + role + "-" + RUN,
                      "password",
                      PASSWORD,
                      "role",
                      role,
                      "allZones",
                      true)));
      assertEquals(201, r.statusCode(), r.body());
    }
    accounts = true;
  }

  /** An A record named www, as the API takes it. */
  private static Map<String, Object> www(String address) {
    return Map.of("name", "www", "type", "A", "data", address);
  }

  private String recordsViaApi(String zone) throws Exception {
    HttpResponse<String> r =
        Browser.api(base, Browser.admin(), "GET", "api/v1/zones/" + zone, null);
    assertEquals(200, r.statusCode(), r.body());
    JsonObject z = Json.createReader(new StringReader(r.body())).readObject();
    return z.getJsonArray("records").toString();
  }
}
