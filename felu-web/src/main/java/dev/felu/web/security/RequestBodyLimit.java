package dev.felu.web.security;

import dev.felu.input.InputLimits;
import dev.felu.problem.PayloadTooLargeException;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Bounds every request body ({@link InputLimits}): a zone-file import ({@code PUT
 * /api/v1/zones/{zone}/file}) and the UI's forms (which carry pasted zone files) up to {@code
 * felu.import.max-bytes}, a bulk import ({@code POST /api/v1/zones/import}) up to {@code
 * felu.import.max-request-bytes}, any other API body up to {@code felu.api.max-body-bytes}. A
 * declared {@code Content-Length} over the limit is refused with 413 before anything is read; a
 * body without one (chunked) is counted as it is read and cut off at the limit, which the API
 * reports as 413 as well. The body is never repeated in the refusal.
 */
@WebFilter(urlPatterns = "/*", filterName = "felu-body-limit")
public class RequestBodyLimit extends HttpFilter {
  private static final long serialVersionUID = 1L;

  /** Room for the form's other fields beside a pasted zone file. */
  private static final long FORM_OVERHEAD = 64 * 1024;

  /** How far past the limit a refused body is still read (and dropped) so the client hears why. */
  private static final long SWALLOW = 2 * 1024 * 1024;

  @Inject InputLimits limits;

  private static void swallow(HttpServletRequest req, long bytes) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    java.io.InputStream in = req.getInputStream();
    for (long left = bytes; left > 0; ) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        return;
      }
      left -= n;
    }
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String path = req.getRequestURI().substring(req.getContextPath().length());
    boolean api = path.startsWith("/api/");
    boolean zoneFile = api && path.endsWith("/file") && "PUT".equals(req.getMethod());
    boolean zoneFiles = "/api/v1/zones/import".equals(path) && "POST".equals(req.getMethod());
    long limit =
        zoneFiles
            ? limits.maxImportRequestBytes()
            : zoneFile
                ? limits.maxImportBytes()
                : api ? limits.maxBodyBytes() : limits.maxImportBytes() + FORM_OVERHEAD;
    String setting =
        zoneFiles
            ? "felu.import.max-request-bytes"
            : api && !zoneFile ? "felu.api.max-body-bytes" : "felu.import.max-bytes";
    long declared = req.getContentLengthLong();
    if (declared > limit) {
      // As Tomcat's maxSwallowSize: a client that sends the whole body before it reads (no
      // "Expect: 100-continue") only sees the answer if the body is read; a little more than the
      // limit is read and thrown away, anything larger just gets the answer and a closed
      // connection.
      if (declared - limit <= SWALLOW) {
        swallow(req, declared);
      } else {
        res.setHeader("Connection", "close");
      }
      ProblemResponses.write(
          req,
          res,
          413,
          "Content Too Large",
          "the request body has "
              + declared
              + " bytes; at most "
              + limit
              + " are taken here ("
              + setting
              + ")");
      return;
    }
    chain.doFilter(new Bounded(req, limit, setting), res);
  }

  /** The request with a body that refuses to be read past the limit. */
  private static final class Bounded extends HttpServletRequestWrapper {
    private final long limit;
    private final String setting;
    private ServletInputStream stream;

    Bounded(HttpServletRequest req, long limit, String setting) {
      super(req);
      this.limit = limit;
      this.setting = setting;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream(), limit, setting);
      }
      return stream;
    }
  }

  private static final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private final String setting;
    private long read;

    Counting(ServletInputStream in, long limit, String setting) {
      this.in = in;
      this.limit = limit;
      this.setting = setting;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      read += n;
      if (read > limit) {
        throw new PayloadTooLargeException(
            "body", "the request body is over " + limit + " bytes (" + setting + ")");
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
