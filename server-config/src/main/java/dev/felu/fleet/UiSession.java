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
import java.util.Optional;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A browser-like session on the management UI: logs in through the JSF login form, opens pages and
 * sends PrimeFaces' partial (ajax) requests from them, with the page's ViewState and CSP nonce
 * (read with jsoup).
 */
public final class UiSession {
  private static final String VIEW_STATE = "jakarta.faces.ViewState";

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
  public static UiSession login(String base, String username, String password)
      throws IOException, InterruptedException {
    UiSession s = new UiSession(base);
    HttpResponse<String> page = s.get("/login.xhtml");
    if (page.statusCode() != 200 || viewState(Jsoup.parse(page.body())).isEmpty()) {
      throw new IOException("no login form: " + page.statusCode() + " " + page.body());
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("login", "login");
    form.put("login:username", username);
    form.put("login:password", password);
    form.put("login:submit", "");
    HttpResponse<String> r = s.post("/login.xhtml", page.body(), form, false);
    if (r.statusCode() != 302) {
      throw new IOException("login refused: " + r.statusCode() + " " + r.body());
    }
    return s;
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A partial request as PrimeFaces sends it for an ajax behaviour ({@code p:ajax event=…}) of
   * {@code source}, from the page at {@code path} whose HTML was {@code page}.
   *
   * @param fields the form's inputs to send (e.g. the text typed into {@code source})
   * @param render the client ids to render (space-separated)
   */
  public HttpResponse<String> ajax(
      String path,
      String page,
      String form,
      String source,
      String event,
      String render,
      Map<String, String> fields)
      throws IOException, InterruptedException {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("jakarta.faces.partial.ajax", "true");
    f.put("jakarta.faces.source", source);
    f.put("jakarta.faces.partial.execute", source);
    f.put("jakarta.faces.partial.render", render);
    f.put("jakarta.faces.behavior.event", event);
    f.put("jakarta.faces.partial.event", event);
    f.put(form, form);
    f.putAll(fields);
    return post(path, page, f, true);
  }

  /** The JSF view state of a page: the value of its (first) ViewState input. */
  static Optional<String> viewState(Document page) {
    return Optional.ofNullable(page.getElementsByAttributeValue("name", VIEW_STATE).first())
        .map(e -> e.attr("value"))
        .filter(v -> !v.isEmpty());
  }

  /** PrimeFaces' CSP nonce, which its script sends back with every form (checked on POST). */
  static Optional<String> nonce(Document page) {
    return Optional.ofNullable(page.selectFirst("[nonce]"))
        .map(e -> e.attr("nonce"))
        .filter(v -> !v.isEmpty());
  }

  /** Posts {@code form} with the ViewState and nonce of {@code page} (the page's HTML). */
  private HttpResponse<String> post(
      String path, String page, Map<String, String> form, boolean ajax)
      throws IOException, InterruptedException {
    Map<String, String> f = new LinkedHashMap<>(form);
    Document html = Jsoup.parse(page);
    f.put(
        VIEW_STATE,
        viewState(html).orElseThrow(() -> new IOException("no ViewState in the page " + path)));
    nonce(html).ifPresent(n -> f.put("primefaces.nonce", n));
    String body =
        f.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (ajax) {
      b.header("Faces-Request", "partial/ajax");
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
