package dev.felu.update;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.felu.push.ServedEverywhere;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UpdateLatencyTest {
  private final long[] now = {0};
  private final UpdateLatency latency = new UpdateLatency(() -> now[0]);

  private static final long MS = 1_000_000L;

  @Test
  void eachUpdateIsObservedOnceItsRevisionIsServedEverywhere() {
    now[0] = 3 * MS;
    latency.committed(10, 0); // received at 0, committed at 3 ms
    now[0] = 4 * MS;
    latency.committed(11, 2 * MS);
    assertEquals(2, latency.commitLatency().count());
    assertEquals(0.005, latency.commitLatency().sumSeconds(), 1e-9);
    assertEquals(2, latency.pending());

    now[0] = 40 * MS;
    latency.served(new ServedEverywhere(10));
    assertEquals(1, latency.servedLatency().count());
    assertEquals(0.040, latency.servedLatency().sumSeconds(), 1e-9);
    // a nameserver that took revision 12 at once serves 11 too
    now[0] = 60 * MS;
    latency.served(new ServedEverywhere(12));
    assertEquals(2, latency.servedLatency().count());
    assertEquals(0.040 + 0.058, latency.servedLatency().sumSeconds(), 1e-9);
    assertEquals(0, latency.pending());
    assertEquals(0, latency.dropped());
  }

  @Test
  void aRevisionServedBeforeItsUpdateIsToldIsObservedAtOnce() {
    latency.served(new ServedEverywhere(20));
    now[0] = 9 * MS;
    latency.committed(20, 0);
    assertEquals(1, latency.servedLatency().count());
    assertEquals(0, latency.pending());
  }

  @Test
  void pendingUpdatesAreCappedAndTheDroppedCounted() {
    for (int r = 1; r <= UpdateLatency.MAX_PENDING + 5; r++) {
      latency.committed(r, 0);
    }
    assertEquals(UpdateLatency.MAX_PENDING, latency.pending());
    assertEquals(5, latency.dropped());
    latency.served(new ServedEverywhere(5)); // the five oldest were dropped: nothing to observe
    assertEquals(0, latency.servedLatency().count());
    latency.served(new ServedEverywhere(UpdateLatency.MAX_PENDING + 5));
    assertEquals(UpdateLatency.MAX_PENDING, latency.servedLatency().count());
  }

  @Test
  void commitsAndServedAnnouncementsRacingObserveEachUpdateExactlyOnce() throws Exception {
    UpdateLatency real = new UpdateLatency();
    int updates = 500;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int first = t;
      threads.add(
          new Thread(
              () -> {
                await(start);
                for (long r = first; r < updates; r += 4) {
                  real.committed(r, System.nanoTime());
                }
              }));
    }
    threads.add(
        new Thread(
            () -> {
              await(start);
              for (long r = 0; r < updates; r += 7) {
                real.served(new ServedEverywhere(r));
              }
            }));
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    real.served(new ServedEverywhere(updates));
    assertEquals(updates, real.commitLatency().count());
    assertEquals(updates, real.servedLatency().count());
    assertEquals(0, real.pending());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
