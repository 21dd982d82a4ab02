package dev.felu.fleet;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser-like session on the management UI: logs in through the JSF login form. */
final class UiSession {
  private static final Pattern VIEW_STATE =
      Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");

  /** PrimeFaces' CSP nonce, which its script sends back with every form (checked on POST). */
  private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

  private final HttpClient client =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final String base;

  private UiSession(String base) {
    this.base = base;
  }

  /** Logs in; fails unless the login page redirects to the start page. */
  static UiSession login(String base, String username, String password)
      throws IOException, InterruptedException {
    UiSession s = new UiSession(base);
    HttpResponse<String> page = s.get("/login.xhtml");
    Matcher m = VIEW_STATE.matcher(page.body());
    if (page.statusCode() != 200 || !m.find()) {
      throw new IOException("no login form: " + page.statusCode() + " " + page.body());
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("login", "login");
    form.put("login:username", username);
    form.put("login:password", password);
    form.put("login:submit", "");
    form.put("jakarta.faces.ViewState", m.group(1));
    Matcher nonce = NONCE.matcher(page.body());
    if (nonce.find()) {
      form.put("primefaces.nonce", nonce.group(1));
    }
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpResponse<String> r =
        s.client.send(
            HttpRequest.newBuilder(URI.create(base + "/login.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 302) {
      throw new IOException("login refused: " + r.statusCode() + " " + r.body());
    }
    return s;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
