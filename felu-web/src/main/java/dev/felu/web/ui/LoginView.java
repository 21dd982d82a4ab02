package dev.felu.web.ui;

import dev.felu.account.AccountService;
import dev.felu.web.security.FeluAuthenticationMechanism;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/** Backs {@code login.xhtml} and the log-out button: hands the form to the mechanism. */
@Named
@RequestScoped
public class LoginView {
  @Inject SecurityContext security;
  @Inject AccountService accounts;

  private String username;
  private String password;

  public void login() throws IOException {
    FacesContext faces = FacesContext.getCurrentInstance();
    ExternalContext ec = faces.getExternalContext();
    HttpServletRequest req = (HttpServletRequest) ec.getRequest();
    AuthenticationStatus status =
        security.authenticate(
            req,
            (HttpServletResponse) ec.getResponse(),
            AuthenticationParameters.withParams()
                .newAuthentication(true)
                .credential(
                    new UsernamePasswordCredential(
                        username == null ? "" : username,
                        new Password(password == null ? "" : password))));
    password = null;
    // the login changed the session id: the new cookie needs SameSite too
    dev.felu.web.security.SameSiteCookies.enforce((HttpServletResponse) ec.getResponse());
    switch (status) {
      case SUCCESS -> ec.redirect(ec.getRequestContextPath() + "/");
      case SEND_CONTINUE -> faces.responseComplete();
      default -> {
        String message =
            req.getAttribute(FeluAuthenticationMechanism.THROTTLED) != null
                ? "Too many attempts, wait a minute."
                : "Wrong username or password.";
        if (req.getAttribute(FeluAuthenticationMechanism.THROTTLED) != null) {
          ((HttpServletResponse) ec.getResponse()).setStatus(429);
        }
        faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, message, null));
      }
    }
  }

  public void logout() throws IOException, ServletException {
    ExternalContext ec = FacesContext.getCurrentInstance().getExternalContext();
    HttpServletRequest req = (HttpServletRequest) ec.getRequest();
    req.logout();
    HttpSession session = req.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    ec.redirect(ec.getRequestContextPath() + "/login.xhtml");
  }

  /** Why a single sign-on did not let the user in, when the login page shows after one. */
  public String getSsoMessage() {
    Object m =
        FacesContext.getCurrentInstance()
            .getExternalContext()
            .getRequestMap()
            .get(FeluAuthenticationMechanism.LOGIN_MESSAGE);
    return m == null ? null : m.toString();
  }

  /** True before the first admin exists: the page says how to make one. */
  public boolean isNoAccounts() {
    return accounts.count() == 0;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }
}
