package dev.felu.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A tiny JSON-over-HTTP client for the management API and health endpoints (the JSON itself is made
 * and read with {@link ApiJson}). Requests to the URL prefix given to {@link #authorize} carry that
 * {@code Authorization} header (the fleet's API token); no other URL ever sees it.
 */
public final class Http {
  // HTTP/1.1: the JDK client's default h2c upgrade breaks on large request bodies against Payara
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static volatile String authorizedPrefix;
  private static volatile String authorization;

  private Http() {}

  /** Sends {@code header} as {@code Authorization} with every request under {@code urlPrefix}. */
  public static void authorize(String urlPrefix, String header) {
    authorization = header;
    authorizedPrefix = urlPrefix;
  }

  /** {@code Basic} credentials (RFC 7617). */
  public static String basic(String username, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(
                (username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public static HttpResponse<String> send(String method, String url, String json)
      throws IOException, InterruptedException {
    return send(method, url, json, "application/json");
  }

  /** A request with a body of the given type (a zone file is {@code text/plain}). */
  public static HttpResponse<String> send(
      String method, String url, String body, String contentType)
      throws IOException, InterruptedException {
    String json = body;
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(600))
            .header("Accept", "application/json, text/dns;q=0.9");
    String prefix = authorizedPrefix;
    if (prefix != null && url.startsWith(prefix)) {
      b.header("Authorization", authorization);
    }
    if (json == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static final String BOUNDARY = "felu-fleet-boundary-3e9d";

  /** The Content-Type of a {@link #multipart} body. */
  public static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;

  /**
   * A {@code multipart/form-data} body with one part per entry, named after its key: a bulk
   * import's zone files, as {@code curl -F zone=@file} sends them.
   */
  public static String multipart(java.util.Map<String, String> parts) {
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

  public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return send("GET", url, null);
  }

  /**
   * A {@code /metrics} page in Prometheus' text format, as Prometheus asks for it (Payara answers
   * JSON, or nothing, to {@code Accept: application/json}).
   */
  public static String metrics(String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/plain")
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(url + " answered " + r.statusCode());
    }
    return r.body();
  }
}
