package dev.felu.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * RFC 9457 problem documents written straight to the servlet response, for refusals that happen
 * before JAX-RS runs (authentication). Same shape as {@code dev.felu.web.api.Problem}.
 */
final class ProblemResponses {
  private ProblemResponses() {}

  static void write(
      HttpServletRequest req, HttpServletResponse res, int status, String title, String detail)
      throws IOException {
    res.setStatus(status);
    res.setContentType("application/problem+json");
    if (status == 401) {
      res.setHeader("WWW-Authenticate", "Bearer realm=\"felu\", Basic realm=\"felu\"");
    }
    if (status == 429) {
      res.setHeader("Retry-After", "60");
    }
    String body =
        "{\"type\":\"urn:felu:problem:http-"
            + status
            + "\",\"title\":"
            + quote(title)
            + ",\"status\":"
            + status
            + ",\"detail\":"
            + quote(detail)
            + ",\"instance\":"
            + quote(req.getRequestURI())
            + "}";
    // bytes, not a writer: a writer would add ";charset=..." to the media type
    res.getOutputStream().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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

  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
