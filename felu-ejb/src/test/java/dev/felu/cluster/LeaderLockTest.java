package dev.felu.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet lock on a real Hazelcast grid of two members on loopback, as Payara runs it: one leader
 * at a time, a takeover when the leader's member dies or stops, epochs that only grow. Failure
 * detection is set as the cluster launcher sets it (heartbeat 1 s, member dropped after 5 s without
 * one).
 */
class LeaderLockTest {
  private static final Duration POLL = Duration.ofMillis(200);

  private final String cluster = "felu-test-" + UUID.randomUUID();
  private final int port = freePortBase();
  private final List<HazelcastInstance> members = new ArrayList<>();
  private final List<LeaderLock> locks = new ArrayList<>();

  /** What each lock's listener heard, in order: "+epoch" or "-why". */
  private final List<List<String>> heard = new ArrayList<>();

  @AfterEach
  void stop() {
    locks.forEach(LeaderLock::stop);
    members.forEach(m -> m.getLifecycleService().terminate());
  }

  @Test
  void oneMemberLeadsAndTheOtherTakesOverWhenItsMemberDies() throws Exception {
    HazelcastInstance a = member();
    HazelcastInstance b = member();
    until(() -> b.getCluster().getMembers().size() == 2, Duration.ofSeconds(30), "grid of two");
    long before = System.currentTimeMillis();
    LeaderLock la = start(a, 1);
    LeaderLock lb = start(b, 2);

    until(() -> la.leads() || lb.leads(), Duration.ofSeconds(10), "someone leads");
    LeaderLock leader = la.leads() ? la : lb;
    LeaderLock follower = leader == la ? lb : la;
    HazelcastInstance leaderMember = leader == la ? a : b;
    // both threads go round a few times: the follower keeps trying, and never leads beside it
    Thread.sleep(POLL.toMillis() * 5);
    assertFalse(follower.leads(), "exactly one leads");
    long first = leader.epoch();
    assertTrue(first >= before, "an epoch is at least the time it was taken: " + first);

    long killed = System.nanoTime();
    leaderMember.getLifecycleService().terminate(); // no goodbye, as under SIGKILL
    until(follower::leads, Duration.ofSeconds(10), "the other member takes over within 10 s");
    until(() -> !leader.leads(), Duration.ofSeconds(1), "the dead member's thread steps down");
    long takeover = (System.nanoTime() - killed) / 1_000_000;
    assertTrue(follower.epoch() > first, follower.epoch() + " > " + first);
    Thread.sleep(POLL.toMillis() * 3);
    assertFalse(leader.leads(), "and, having seen a grid, it never leads alone");
    System.out.println("takeover after the leader's member died: " + takeover + " ms");
  }

  @Test
  void aLeaderThatStopsHandsOverAtOnceAndEpochsGrow() throws Exception {
    HazelcastInstance a = member();
    HazelcastInstance b = member();
    until(() -> b.getCluster().getMembers().size() == 2, Duration.ofSeconds(30), "grid of two");
    LeaderLock la = start(a, 1);
    until(la::leads, Duration.ofSeconds(10), "the only candidate leads");
    LeaderLock lb = start(b, 2);
    long first = la.epoch();

    la.stop(); // shutdown: the thread unlocks on its way out
    until(lb::leads, Duration.ofSeconds(3), "the other takes over without failure detection");
    until(la::ended, Duration.ofSeconds(3), "the stopped thread ends");
    assertFalse(la.leads());
    assertTrue(lb.epoch() > first);
    assertEquals("+" + first, heard.get(0).get(0), "told of its epoch as it won");
    assertTrue(heard.get(0).get(1).startsWith("-this instance stops"), heard.get(0).toString());

    // the epoch moves on even with a clock behind the stored one
    LeaderLock late =
        new LeaderLock(() -> Optional.of(a), 1, () -> 5, listener(), POLL, false, false);
    locks.add(late);
    new Thread(late, "leader-late").start();
    lb.stop();
    until(late::leads, Duration.ofSeconds(3), "the third takes over");
    long second = Long.parseLong(heard.get(1).get(0).substring(1));
    assertEquals(
        second + 1, late.epoch(), "strictly above the stored epoch, whatever the clock says");
  }

  @Test
  void withoutAGridAnInstanceLeadsAloneAndCompetesOnceTheGridAppears() throws Exception {
    AtomicReference<HazelcastInstance> grid = new AtomicReference<>();
    LeaderLock alone =
        new LeaderLock(
            () -> Optional.ofNullable(grid.get()),
            1234,
            System::currentTimeMillis,
            listener(),
            POLL,
            false,
            false);
    locks.add(alone);
    new Thread(alone, "leader-alone").start();
    until(alone::leads, Duration.ofSeconds(3), "alone, it leads at once");
    assertEquals(1234, alone.epoch(), "with its start time as the epoch");

    // the grid starts (Payara starts it after the applications): another member leads already
    HazelcastInstance a = member();
    HazelcastInstance b = member();
    until(() -> b.getCluster().getMembers().size() == 2, Duration.ofSeconds(30), "grid of two");
    LeaderLock other = start(b, 2);
    until(other::leads, Duration.ofSeconds(10), "the other member leads the grid");
    grid.set(a);
    until(() -> heard.get(0).size() == 2, Duration.ofSeconds(5), "the lone leader steps down");
    assertFalse(alone.leads());
    assertTrue(heard.get(0).get(1).contains("another instance holds"), heard.get(0).toString());

    // and takes over, under the grid's lock and a new epoch, when the other goes
    other.stop();
    until(alone::leads, Duration.ofSeconds(5), "it leads again, now by the lock");
    assertTrue(alone.epoch() > 1234, "an epoch of the grid is above the lone one");
  }

  private LeaderLock start(HazelcastInstance member, int n) {
    LeaderLock l =
        new LeaderLock(
            () -> Optional.of(member).filter(m -> m.getLifecycleService().isRunning()),
            n,
            System::currentTimeMillis,
            listener(),
            POLL,
            false,
            false);
    locks.add(l);
    new Thread(l, "leader-" + n).start();
    return l;
  }

  private LeaderLock.Listener listener() {
    List<String> mine = new CopyOnWriteArrayList<>();
    heard.add(mine);
    return new LeaderLock.Listener() {
      @Override
      public void gained(long epoch, String why) {
        mine.add("+" + epoch);
      }

      @Override
      public void lost(String why) {
        mine.add("-" + why);
      }
    };
  }

  private HazelcastInstance member() {
    Config c = new Config();
    c.setClusterName(cluster);
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.logging.type", "jdk");
    c.setProperty("hazelcast.socket.bind.any", "false");
    c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    c.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    c.setProperty("hazelcast.wait.seconds.before.join", "0");
    NetworkConfig n = c.getNetworkConfig();
    n.setPort(port).setPortAutoIncrement(true).setPortCount(5);
    n.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig j = n.getJoin();
    j.getMulticastConfig().setEnabled(false);
    j.getAutoDetectionConfig().setEnabled(false);
    for (int p = port; p < port + 5; p++) {
      j.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + p);
    }
    HazelcastInstance hz = Hazelcast.newHazelcastInstance(c);
    members.add(hz);
    return hz;
  }

  /** Five free ports in a row below the ephemeral range (other builds run beside this one). */
  private static int freePortBase() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 30_000);
      boolean free = true;
      for (int p = base; p < base + 5 && free; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
          s.setReuseAddress(true);
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no five free ports in a row");
  }

  private static void until(BooleanSupplier condition, Duration deadline, String what)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(what + ": not within " + deadline.toMillis() + " ms");
      }
      Thread.sleep(20);
    }
  }
}
