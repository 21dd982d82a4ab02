package dev.felu.web.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.File;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The management server as the security tests reach it from outside: REST calls with a given {@code
 * Authorization}, a browser-like form login for the pages, and the lists of endpoints and pages
 * read from the code (so that a matrix without a row for a new one fails).
 */
final class HttpApi {
  private static final Pattern VIEW_STATE =
      Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");

  /** PrimeFaces' CSP nonce, which its script sends back with every form (checked on POST). */
  private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final URL base;

  HttpApi(URL base) {
    this.base = base;
  }

  URI uri(String path) {
    return URI.create(base.toString()).resolve(path);
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** One request; {@code authorization} null for none, {@code body} JSON or null. */
  HttpResponse<String> send(String authorization, String method, String path, String body)
      throws Exception {
    return send(authorization, method, path, body, "application/json");
  }

  HttpResponse<String> send(
      String authorization, String method, String path, String body, String contentType)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(120))
            .header("Accept", "application/json, text/dns;q=0.9");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The multipart boundary {@link #multipart} uses. */
  static final String BOUNDARY = "felu-it-boundary-7c1f";

  /** The Content-Type of a {@link #multipart} body. */
  static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;

  /**
   * A {@code multipart/form-data} body with one part per entry, named after its key (a bulk
   * import's zone files, as {@code curl -F zone=@file} sends them).
   */
  static String multipart(Map<String, String> parts) {
    StringBuilder body = new StringBuilder();
    parts.forEach(
        (name, content) ->
            body.append("--")
                .append(BOUNDARY)
                .append("\r\nContent-Disposition: form-data; name=\"")
                .append(name)
                .append("\"; filename=\"")
                .append(name)
                .append(".zone\"\r\nContent-Type: text/plain\r\n\r\n")
                .append(content)
                .append("\r\n"));
    return body.append("--").append(BOUNDARY).append("--\r\n").toString();
  }

  static HttpResponse<String> ok(HttpResponse<String> r) {
    assertTrue(r.statusCode() >= 200 && r.statusCode() < 300, r.statusCode() + " " + r.body());
    return r;
  }

  static JsonObject json(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }

  /**
   * A JSON object with these members (strings, numbers, booleans, lists and maps of them), as a
   * request body: values are escaped by jakarta.json, never pasted into JSON text.
   */
  static String body(Map<String, Object> members) {
    return Json.createObjectBuilder(members).build().toString();
  }

  static JsonArray jsonArray(String body) {
    return Json.createReader(new StringReader(body)).readArray();
  }

  /** A browser-like client of the JSF pages, with its own session cookie. */
  final class UiSession {
    final HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    HttpResponse<String> get(String path) throws Exception {
      return client.send(
          HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120)).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form of the page last fetched: its ViewState and CSP nonce are added. */
    HttpResponse<String> post(String path, String page, String form) throws Exception {
      Matcher m = VIEW_STATE.matcher(page);
      assertTrue(m.find(), "a JSF form on the page: " + page);
      String body =
          form
              + "&jakarta.faces.ViewState="
              + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8)
              + nonce(page);
      return client.send(
          HttpRequest.newBuilder(uri(path))
              .timeout(Duration.ofSeconds(120))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> login(String username, String password) throws Exception {
      HttpResponse<String> page = get("login.xhtml");
      return post(
          "login.xhtml",
          page.body(),
          "login=login&login%3Ausername="
              + URLEncoder.encode(username, StandardCharsets.UTF_8)
              + "&login%3Apassword="
              + URLEncoder.encode(password, StandardCharsets.UTF_8)
              + "&login%3Asubmit=");
    }
  }

  private static String nonce(String page) {
    Matcher n = NONCE.matcher(page);
    return n.find()
        ? "&primefaces.nonce=" + URLEncoder.encode(n.group(1), StandardCharsets.UTF_8)
        : "";
  }

  /**
   * The JAX-RS resource classes of {@code dev.felu.web.api}: its classes with {@code @Path}, read
   * from every directory of the package on the class path (main and test classes both have one).
   */
  static List<Class<?>> resourceClasses() throws Exception {
    List<Class<?>> out = new ArrayList<>();
    var dirs = HttpApi.class.getClassLoader().getResources("dev/felu/web/api");
    while (dirs.hasMoreElements()) {
      for (File f : new File(dirs.nextElement().toURI()).listFiles()) {
        String name = f.getName();
        if (!name.endsWith(".class") || name.contains("$")) {
          continue;
        }
        Class<?> c = Class.forName("dev.felu.web.api." + name.substring(0, name.length() - 6));
        if (c.isAnnotationPresent(Path.class)) {
          out.add(c);
        }
      }
    }
    assertTrue(out.size() > 3, "resource classes found: " + out);
    return out;
  }

  /** "METHOD path" of every JAX-RS resource method, read from the resource classes. */
  static List<String> endpoints() throws Exception {
    List<String> out = new ArrayList<>();
    for (Class<?> c : resourceClasses()) {
      Path root = c.getAnnotation(Path.class);
      for (Method m : c.getDeclaredMethods()) {
        String verb =
            m.isAnnotationPresent(GET.class)
                ? "GET"
                : m.isAnnotationPresent(POST.class)
                    ? "POST"
                    : m.isAnnotationPresent(PUT.class)
                        ? "PUT"
                        : m.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
        if (verb == null) {
          continue;
        }
        Path sub = m.getAnnotation(Path.class);
        out.add(verb + " " + root.value() + (sub == null ? "" : "/" + sub.value()));
      }
    }
    return out;
  }

  /**
   * Fails unless the matrix's rows are exactly the REST endpoints the code declares: a new endpoint
   * needs a row.
   */
  static void assertEveryEndpointHasARow(java.util.Collection<String> rows, String matrix)
      throws Exception {
    org.junit.jupiter.api.Assertions.assertEquals(
        new TreeSet<>(endpoints()),
        new TreeSet<>(rows),
        "every REST endpoint needs a row in " + matrix + " (and every row an endpoint)");
  }

  /**
   * Fails unless the matrix's rows (pages, with or without a query) are exactly the pages the web
   * module serves: a new page needs a row.
   */
  static void assertEveryPageHasARow(java.util.Collection<String> rows, String matrix)
      throws Exception {
    TreeSet<String> rowPages = new TreeSet<>();
    rows.forEach(k -> rowPages.add(k.replaceFirst("\\?.*", "")));
    org.junit.jupiter.api.Assertions.assertEquals(
        pageFiles(),
        rowPages,
        "every page under src/main/webapp needs a row in " + matrix + " (and every row a page)");
  }

  /** Every page the web module serves: {@code *.xhtml} under src/main/webapp, outside WEB-INF. */
  static TreeSet<String> pageFiles() throws Exception {
    java.nio.file.Path webapp = java.nio.file.Path.of("src/main/webapp");
    TreeSet<String> out = new TreeSet<>();
    try (var files = java.nio.file.Files.walk(webapp)) {
      for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        String path = webapp.relativize(f).toString().replace(File.separatorChar, '/');
        if (path.endsWith(".xhtml") && !path.startsWith("WEB-INF/")) {
          out.add(path);
        }
      }
    }
    assertTrue(out.contains("login.xhtml"), "pages read from " + webapp.toAbsolutePath());
    return out;
  }
}
