package dev.felu.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ModifiedExpiryPolicy;

/**
 * The data grid of this management instance, if it has one: Payara's JCache cache manager (CDI
 * {@code @Inject CacheManager}, produced by Payara's {@code fish.payara.cdi.jsr107} module and
 * backed by the Hazelcast member every Payara instance runs; the instances of one deployment group
 * are members of one grid). Where Hazelcast is off, Payara's producer gives no manager (and logs a
 * warning of its own): then there is no grid and {@link #expiringCache} is empty, so its users keep
 * their state in this instance's memory. Which one it is is logged once, when the bean is first
 * used ({@code dev.felu.startup.StartupComplete} makes that the end of start-up).
 *
 * <p>Only JDK types go into the grid (text keys and values): another member never needs, and cannot
 * load, a class of this application.
 */
@ApplicationScoped
public class GridCaches {
  private static final Logger LOG = Logger.getLogger(GridCaches.class.getName());

  @Inject Instance<CacheManager> managers;

  private CacheManager manager;
  private String description;

  @PostConstruct
  void find() {
    String why = "Payara's JCache (its Hazelcast data grid) is not enabled";
    try {
      if (managers.isResolvable()) {
        manager = managers.get();
      } else if (managers.isUnsatisfied()) {
        why = "this server provides no JCache cache manager";
      }
    } catch (RuntimeException | LinkageError e) {
      why = "JCache failed: " + e;
    }
    if (manager != null && manager.isClosed()) {
      manager = null;
      why = "the JCache cache manager is closed";
    }
    description =
        manager != null
            ? "data grid (JCache " + manager.getCachingProvider().getClass().getSimpleName() + ")"
            : "none: " + why;
    LOG.info("data grid shared with the other management instances: " + description);
  }

  /** Whether a grid was found: state kept through it is shared by every instance. */
  public boolean available() {
    return manager != null;
  }

  /** The grid in use, or why there is none (for logs and health data). */
  public String description() {
    return description;
  }

  /**
   * The grid's cache {@code name} of text to text, made on first use with entries that expire
   * {@code ttl} after they were last written (the grid bounds itself by this, whatever writes to
   * it). Empty when there is no grid or it refused to give the cache (logged): callers then keep
   * their state in memory.
   */
  public Optional<Cache<String, String>> expiringCache(String name, Duration ttl) {
    if (manager == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(expiringCache(manager, name, ttl));
    } catch (RuntimeException e) {
      LOG.warning("the data grid did not give the cache " + name + ": " + e);
      return Optional.empty();
    }
  }

  /**
   * {@code manager}'s cache {@code name}, made with {@link #expiring} if no instance has made it
   * yet. Throws what the manager throws.
   */
  public static Cache<String, String> expiringCache(
      CacheManager manager, String name, Duration ttl) {
    Cache<String, String> cache = manager.getCache(name, String.class, String.class);
    if (cache == null) {
      try {
        cache = manager.createCache(name, expiring(ttl));
      } catch (CacheException madeMeanwhile) {
        // another instance made it between the two calls
        cache = manager.getCache(name, String.class, String.class);
      }
    }
    if (cache == null) {
      throw new CacheException("no cache " + name);
    }
    return cache;
  }

  /** A cache of text whose entries live {@code ttl} after each write. */
  public static MutableConfiguration<String, String> expiring(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("an expiry must be positive: " + ttl);
    }
    return new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setStoreByValue(true)
        .setExpiryPolicyFactory(
            ModifiedExpiryPolicy.factoryOf(
                new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, ttl.toMillis())));
  }
}
