package dev.felu.web.security;

import dev.felu.web.api.Problem;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * RFC 9457 problem documents written straight to the servlet response, for refusals that happen
 * before JAX-RS runs (authentication, the body limit): the same {@link Problem}, serialised by
 * JSON-B as JAX-RS serialises it.
 */
final class ProblemResponses {
  /** JSON-B's defaults, as JAX-RS writes a {@link Problem}: null members left out. Thread-safe. */
  private static final Jsonb JSON = JsonbBuilder.create();

  private ProblemResponses() {}

  static void write(
      HttpServletRequest req, HttpServletResponse res, int status, String title, String detail)
      throws IOException {
    write(req, res, status, "http-" + status, title, detail);
  }

  /** As {@link #write(HttpServletRequest, HttpServletResponse, int, String, String)}, of a kind. */
  static void write(
      HttpServletRequest req,
      HttpServletResponse res,
      int status,
      String kind,
      String title,
      String detail)
      throws IOException {
    res.setStatus(status);
    res.setContentType(Problem.MEDIA_TYPE);
    if (status == 401) {
      res.setHeader("WWW-Authenticate", "Bearer realm=\"felu\", Basic realm=\"felu\"");
    }
    if (status == 429) {
      res.setHeader("Retry-After", "60");
    }
    Problem problem = Problem.of(kind, title, status, detail, req.getRequestURI(), null);
    // bytes, not a writer: a writer would add ";charset=..." to the media type; and not
    // JSON.toJson(problem, stream), which closes the stream when done
    res.getOutputStream().write(JSON.toJson(problem).getBytes(StandardCharsets.UTF_8));
    res.flushBuffer();
  }

  /** Text for an HTML page: the five characters that matter escaped. */
  static String html(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
