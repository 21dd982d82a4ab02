package dev.felu.web.security;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * SameSite=Strict on the session cookie. Servlet 6 allows it in web.xml ({@code <cookie-config>
 * <attribute>}) and through {@code SessionCookieConfig.setAttribute}; both are declared, but Payara
 * 6 (Micro 6.2025.10) did not emit the web.xml one, so the Set-Cookie headers are also rewritten
 * where the session cookie is made ({@link SecurityFilter}, login).
 */
@WebListener
public class SameSiteCookies implements ServletContextListener {
  @Override
  public void contextInitialized(ServletContextEvent event) {
    event.getServletContext().getSessionCookieConfig().setAttribute("SameSite", "Strict");
  }

  /** Adds {@code SameSite=Strict} to every Set-Cookie header of the response that lacks one. */
  public static void enforce(HttpServletResponse res) {
    if (res.isCommitted()) {
      return;
    }
    Collection<String> headers = res.getHeaders("Set-Cookie");
    if (headers == null || headers.isEmpty()) {
      return;
    }
    List<String> fixed = new ArrayList<>();
    boolean changed = false;
    for (String h : headers) {
      if (h.toLowerCase(java.util.Locale.ROOT).contains("samesite=")) {
        fixed.add(h);
      } else {
        fixed.add(h + "; SameSite=Strict");
        changed = true;
      }
    }
    if (!changed) {
      return;
    }
    res.setHeader("Set-Cookie", fixed.get(0));
    for (int i = 1; i < fixed.size(); i++) {
      res.addHeader("Set-Cookie", fixed.get(i));
    }
  }
}
