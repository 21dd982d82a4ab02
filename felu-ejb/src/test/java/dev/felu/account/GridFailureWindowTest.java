package dev.felu.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cache.impl.HazelcastServerCachingProvider;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.felu.cluster.GridCaches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared window on a real data grid: two Hazelcast members (the engine of Payara's grid, the
 * version Payara ships) in one cluster on loopback, each with its own JCache cache manager as each
 * Payara instance has, and a {@link GridFailureWindow} over each — two management instances'
 * throttles. Multicast and discovery off, a cluster name of this run's own, so that no other grid
 * on the machine is joined.
 */
class GridFailureWindowTest {
  static final Duration MINUTE = Duration.ofSeconds(60);

  static HazelcastInstance one;
  static HazelcastInstance two;
  static CacheManager managerOne;
  static CacheManager managerTwo;

  final FailureWindowTest.ManualClock clock = new FailureWindowTest.ManualClock();

  @BeforeAll
  static void grid() {
    String cluster = "felu-test-" + UUID.randomUUID();
    one = Hazelcast.newHazelcastInstance(member(cluster, null));
    two = Hazelcast.newHazelcastInstance(member(cluster, "127.0.0.1:" + port(one)));
    assertEquals(2, one.getCluster().getMembers().size(), "both members in one cluster");
    // as Payara makes it: a caching provider bound to the instance's own member
    managerOne = new HazelcastServerCachingProvider(one).getCacheManager();
    managerTwo = new HazelcastServerCachingProvider(two).getCacheManager();
  }

  @AfterAll
  static void stop() {
    if (two != null) {
      two.getLifecycleService().terminate();
    }
    if (one != null) {
      one.getLifecycleService().terminate();
    }
  }

  static Config member(String cluster, String join) {
    Config c = new Config().setClusterName(cluster);
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.socket.bind.any", "false");
    c.setProperty("hazelcast.logging.type", "jdk");
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    c.setProperty("hazelcast.wait.seconds.before.join", "0");
    c.setProperty("hazelcast.partition.count", "31");
    NetworkConfig n = c.getNetworkConfig().setPort(5701).setPortAutoIncrement(true);
    n.setPortCount(200);
    n.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig j = n.getJoin();
    j.getMulticastConfig().setEnabled(false);
    j.getAutoDetectionConfig().setEnabled(false);
    j.getTcpIpConfig().setEnabled(true);
    if (join != null) {
      j.getTcpIpConfig().addMember(join);
    }
    return c;
  }

  /** A management instance's throttle window over its own member's view of the cache. */
  GridFailureWindow window(CacheManager manager, String cache, int limit, Duration length) {
    return new GridFailureWindow(
        GridCaches.expiringCache(manager, cache, length), limit, length, clock);
  }

  @Test
  void failuresOnTwoInstancesAddUpToOneLimit() {
    String cache = "failures-" + UUID.randomUUID();
    GridFailureWindow a = window(managerOne, cache, 5, MINUTE);
    GridFailureWindow b = window(managerTwo, cache, 5, MINUTE);
    for (int i = 0; i < 3; i++) {
      a.failed("account:alice");
      clock.advance(Duration.ofSeconds(1));
    }
    b.failed("account:alice");
    assertFalse(a.blocked("account:alice"), "four failures in all are allowed");
    assertFalse(b.blocked("account:alice"));
    b.failed("account:alice"); // the fifth, on the other instance
    assertTrue(a.blocked("account:alice"), "the first instance refuses too");
    assertTrue(b.blocked("account:alice"));
    assertFalse(a.blocked("account:bob"), "keys are independent");

    clock.advance(MINUTE.minusSeconds(3)); // the first failure (t=0) leaves at t=60 s
    assertFalse(b.blocked("account:alice"), "waiting out the window works on any instance");

    for (int i = 0; i < 5; i++) {
      a.failed("address:192.0.2.9");
    }
    assertTrue(b.blocked("address:192.0.2.9"));
    b.succeeded("address:192.0.2.9");
    assertFalse(a.blocked("address:192.0.2.9"), "a success on one instance clears it on all");
  }

  @Test
  void concurrentFailuresOnBothInstancesAreAllCounted() throws Exception {
    String cache = "failures-" + UUID.randomUUID();
    int limit = 80;
    List<GridFailureWindow> windows =
        List.of(
            window(managerOne, cache, limit, MINUTE),
            window(managerOne, cache, limit, MINUTE),
            window(managerTwo, cache, limit, MINUTE),
            window(managerTwo, cache, limit, MINUTE));
    ExecutorService pool = Executors.newFixedThreadPool(windows.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (GridFailureWindow w : windows) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < limit / windows.size(); i++) {
                    w.failed("account:carol");
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    Cache<String, String> view = GridCaches.expiringCache(managerTwo, cache, MINUTE);
    assertEquals(
        limit,
        FailureTimes.parse(view.get("account:carol")).length,
        "no failure lost to a race between instances");
    assertTrue(windows.get(0).blocked("account:carol"));
  }

  @Test
  void theGridForgetsAKeyAWindowAfterItsLastFailure() throws Exception {
    String cache = "failures-" + UUID.randomUUID();
    Duration window = Duration.ofMillis(300);
    GridFailureWindow a = window(managerOne, cache, 5, window);
    a.failed("address:192.0.2.10");
    Cache<String, String> view = GridCaches.expiringCache(managerTwo, cache, window);
    assertTrue(view.containsKey("address:192.0.2.10"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (view.containsKey("address:192.0.2.10")) {
      assertTrue(System.nanoTime() < deadline, "the entry expired within 10 s");
      Thread.sleep(50); // polling the condition, with a deadline
    }
  }

  @Test
  void aFailedGridFallsBackToThisInstancesMemory() {
    Config c = member(one.getConfig().getClusterName(), "127.0.0.1:" + port(one));
    HazelcastInstance three = Hazelcast.newHazelcastInstance(c);
    GridFailureWindow w;
    try {
      w =
          window(
              new HazelcastServerCachingProvider(three).getCacheManager(),
              "failures-" + UUID.randomUUID(),
              5,
              MINUTE);
    } finally {
      three.getLifecycleService().terminate(); // its grid is gone: every call now fails
    }
    for (int i = 0; i < 4; i++) {
      w.failed("account:dave");
    }
    assertFalse(w.blocked("account:dave"));
    w.failed("account:dave");
    assertTrue(w.blocked("account:dave"), "still throttled, in memory");
  }

  private static int port(HazelcastInstance h) {
    return h.getCluster().getLocalMember().getAddress().getPort();
  }
}
