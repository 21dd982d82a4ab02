package dev.felu.account;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Login throttling: at most {@code felu.security.login-max-failures} (5) failed logins per {@code
 * felu.security.login-window-seconds} (60) per account and per client address; beyond that every
 * attempt is refused without looking at the password. Kept in memory of this instance (a cluster
 * throttles per instance).
 */
@ApplicationScoped
public class LoginThrottle {
  @Inject
  @ConfigProperty(name = "felu.security.login-max-failures", defaultValue = "5")
  int maxFailures;

  @Inject
  @ConfigProperty(name = "felu.security.login-window-seconds", defaultValue = "60")
  int windowSeconds;

  private FailureWindow window;

  @PostConstruct
  void init() {
    window = new FailureWindow(maxFailures, Duration.ofSeconds(windowSeconds), Clock.systemUTC());
  }

  public boolean blocked(String username, String address) {
    return window.blocked(accountKey(username)) || window.blocked(addressKey(address));
  }

  public void failed(String username, String address) {
    window.failed(accountKey(username));
    window.failed(addressKey(address));
  }

  public void succeeded(String username, String address) {
    window.succeeded(accountKey(username));
    window.succeeded(addressKey(address));
  }

  private static String accountKey(String username) {
    return "account:" + AccountService.loginName(username);
  }

  private static String addressKey(String address) {
    return "address:" + address;
  }
}
