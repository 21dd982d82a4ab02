package dev.felu.account;

import dev.felu.cluster.GridCaches;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Login throttling: at most {@code felu.security.login-max-failures} (5) failed logins per {@code
 * felu.security.login-window-seconds} (60) per account and per client address; beyond that every
 * attempt is refused without looking at the password. Counted in the data grid when there is one
 * ({@link GridFailureWindow} over the cache {@value #CACHE}), so that the instances of a cluster
 * share one count; otherwise in this instance's memory ({@link FailureWindow}). Which one is logged
 * once and shown by {@link #store()} (the {@code startup} health check's data).
 */
@ApplicationScoped
public class LoginThrottle {
  /** The data-grid cache of failures: keys {@code account:<name>} and {@code address:<ip>}. */
  public static final String CACHE = "felu-login-failures";

  private static final Logger LOG = Logger.getLogger(LoginThrottle.class.getName());

  @Inject
  @ConfigProperty(name = "felu.security.login-max-failures", defaultValue = "5")
  int maxFailures;

  @Inject
  @ConfigProperty(name = "felu.security.login-window-seconds", defaultValue = "60")
  int windowSeconds;

  @Inject GridCaches grid;

  private FailureCounts window;
  private String store;

  @PostConstruct
  void init() {
    Duration length = Duration.ofSeconds(windowSeconds);
    window =
        grid.expiringCache(CACHE, length)
            .<FailureCounts>map(
                c -> new GridFailureWindow(c, maxFailures, length, Clock.systemUTC()))
            .orElseGet(() -> new FailureWindow(maxFailures, length, Clock.systemUTC()));
    store =
        window instanceof GridFailureWindow
            ? "data grid (cache " + CACHE + ", shared by every instance)"
            : "this instance's memory";
    LOG.info(
        "login throttling: "
            + maxFailures
            + " failures per "
            + windowSeconds
            + " s per account and per address, counted in "
            + store);
  }

  /** Where the failures are counted: the data grid or this instance's memory. */
  public String store() {
    return store;
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
