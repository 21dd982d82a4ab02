package dev.felu.web.it;

import java.net.URL;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A browser test against the deployment at {@link #base}: a fresh {@link Browser} before each test
 * (the test is skipped where Chromium is not installed), closed after it. A subclass's own
 * {@code @BeforeEach} runs after the browser started.
 */
@ExtendWith(ArquillianExtension.class)
abstract class InBrowser {
  @ArquillianResource URL base;

  Browser browser;
  WebDriver driver;
  WebDriverWait wait;

  @BeforeEach
  void startBrowser() throws Exception {
    browser = Browser.start(base);
    driver = browser.driver();
    wait = browser.await();
  }

  @AfterEach
  void closeBrowser() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }
}
