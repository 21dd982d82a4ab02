package dev.felu.web.security;

import dev.felu.problem.DatabaseUnreachable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a request gets while the database cannot be reached ({@link DatabaseUnreachable}), wherever
 * it failed (authentication, a page, the API outside JAX-RS): the API a 503 problem document, a
 * page a 503 page with the banner that says so and reloads itself every few seconds, an ajax
 * request of a page a redirect to that page (which then shows the banner). Each with {@code
 * Retry-After}. Nothing of the driver's message is passed on.
 */
final class DatabaseOutage {
  static final String BANNER =
      "The database cannot be reached: nothing can be changed or shown until it is back. The"
          + " nameservers keep serving the last configuration. This page tries again every "
          + DatabaseUnreachable.RETRY_AFTER_SECONDS
          + " seconds.";

  private DatabaseOutage() {}

  /**
   * Answers the request as above if {@code failure} is the database being unreachable and nothing
   * was sent yet; returns whether it did.
   */
  static boolean answer(HttpServletRequest req, HttpServletResponse res, Throwable failure)
      throws IOException {
    if (!DatabaseUnreachable.in(failure) || res.isCommitted()) {
      return false;
    }
    res.resetBuffer();
    boolean api = SecurityFilter.headers(req, res);
    res.setHeader("Retry-After", String.valueOf(DatabaseUnreachable.RETRY_AFTER_SECONDS));
    if (api) {
      ProblemResponses.write(
          req, res, 503, "database-unavailable", "Service unavailable", DatabaseUnreachable.DETAIL);
      return true;
    }
    String page = ProblemResponses.html(req.getRequestURI());
    byte[] body;
    if ("partial/ajax".equals(req.getHeader("Faces-Request"))) {
      res.setStatus(200);
      res.setContentType("text/xml;charset=UTF-8");
      body =
          ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                  + page
                  + "\"/></partial-response>")
              .getBytes(StandardCharsets.UTF_8);
    } else {
      res.setStatus(503);
      res.setContentType("text/html;charset=UTF-8");
      body =
          ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                  + "<meta http-equiv=\"refresh\" content=\""
                  + DatabaseUnreachable.RETRY_AFTER_SECONDS
                  + "\"><title>felu — database unreachable</title></head><body>"
                  + "<div id=\"database-banner\" class=\"banner-error\" role=\"alert\" style=\""
                  + "background:#b71c1c;color:#fff;padding:.6rem 1rem;font-family:sans-serif;"
                  + "font-weight:600\">"
                  + ProblemResponses.html(BANNER)
                  + "</div></body></html>")
              .getBytes(StandardCharsets.UTF_8);
    }
    res.getOutputStream().write(body);
    res.flushBuffer();
    return true;
  }
}
