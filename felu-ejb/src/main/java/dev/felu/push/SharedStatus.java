package dev.felu.push;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.felu.cluster.DataGrid;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the fleet's driver knows in memory (each link's status, each nameserver's health, how long
 * since its last check round), published in the data grid for the other management instances
 * (ARCHITECTURE.md#flow-cluster), so that the UI, the API and the metrics of any instance answer
 * from the driver's view rather than from an instance that holds no links. The driver writes one
 * entry, {@value #KEY} of the map {@value #MAP}, every few seconds: an array of strings (no
 * application class in the grid), its size bound by the number of nameservers. A reader caches it
 * for {@link #CACHE} and takes a snapshot older than {@link #STALE} as "no report": statuses are
 * then unknown, with the reason as their last error.
 */
final class SharedStatus {
  private static final Logger LOG = Logger.getLogger(SharedStatus.class.getName());

  static final String MAP = "felu-fleet-status";
  static final String KEY = "status";
  static final Duration CACHE = Duration.ofSeconds(1);
  static final Duration STALE = Duration.ofSeconds(20);
  private static final Duration READ_DEADLINE = Duration.ofSeconds(2);
  private static final String NULL = "\u0000";
  private static final int HEAD = 5;
  private static final int PER_NAMESERVER = 12;

  /** The driver's view as a follower reads it. */
  record View(
      long publishedMillis,
      String driver,
      long epoch,
      String stall,
      double secondsSinceLastRound,
      Map<String, LinkStatus> links,
      Map<String, NameserverHealth> health) {
    static final View NONE =
        new View(0, null, -1, null, 0, Collections.emptyMap(), Collections.emptyMap());
  }

  private final DataGrid grid;
  private volatile View cached = View.NONE;
  private volatile long cachedAtNanos;

  SharedStatus(DataGrid grid) {
    this.grid = grid;
  }

  /** The driver publishes its view (nothing without a grid). */
  void publish(
      String driver,
      long epoch,
      Optional<FleetStall> stall,
      double secondsSinceLastRound,
      Map<String, LinkStatus> links,
      Map<String, NameserverHealth> health) {
    Optional<HazelcastInstance> hz = grid.instance();
    if (hz.isEmpty()) {
      return;
    }
    try {
      String[] entry =
          encode(
              System.currentTimeMillis(),
              driver,
              epoch,
              stall.map(FleetStall::message).orElse(null),
              secondsSinceLastRound,
              links,
              health);
      IMap<String, String[]> map = hz.get().getMap(MAP);
      map.setAsync(KEY, entry)
          .toCompletableFuture()
          .get(READ_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.log(Level.FINE, "publishing the fleet's status in the data grid failed", e);
    }
  }

  /** The driver's last published view, or {@link View#NONE} without a grid or a report. */
  View read() {
    long now = System.nanoTime();
    if (now - cachedAtNanos < CACHE.toNanos()) {
      return cached;
    }
    View v = View.NONE;
    Optional<HazelcastInstance> hz = grid.instance();
    if (hz.isPresent()) {
      try {
        IMap<String, String[]> map = hz.get().getMap(MAP);
        String[] entry =
            map.getAsync(KEY)
                .toCompletableFuture()
                .get(READ_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        v = entry == null ? View.NONE : decode(entry);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        LOG.log(Level.FINE, "reading the fleet's status from the data grid failed", e);
      }
    }
    cached = v;
    cachedAtNanos = now;
    return v;
  }

  /** Why a view cannot be used now, or null when it can. */
  static String unusable(View v, long nowMillis) {
    if (v.publishedMillis() == 0) {
      return "no instance drives the fleet now (no status in the data grid)";
    }
    long age = nowMillis - v.publishedMillis();
    if (age > STALE.toMillis()) {
      return "the instance that drives the fleet has not reported for " + age / 1000 + " s";
    }
    return null;
  }

  static String[] encode(
      long publishedMillis,
      String driver,
      long epoch,
      String stall,
      double secondsSinceLastRound,
      Map<String, LinkStatus> links,
      Map<String, NameserverHealth> health) {
    List<String> out = new ArrayList<>(HEAD + PER_NAMESERVER * links.size());
    out.add(Long.toString(publishedMillis));
    out.add(text(driver));
    out.add(Long.toString(epoch));
    out.add(text(stall));
    out.add(Double.toString(secondsSinceLastRound));
    for (Map.Entry<String, LinkStatus> e : new TreeMap<>(links).entrySet()) {
      LinkStatus s = e.getValue();
      NameserverHealth h = health.getOrDefault(e.getKey(), NameserverHealth.UNKNOWN);
      out.add(e.getKey());
      out.add(Boolean.toString(s.connected()));
      out.add(Long.toString(s.revision()));
      out.add(text(s.hash()));
      out.add(Boolean.toString(s.serving()));
      out.add(Boolean.toString(s.inSync()));
      out.add(s.lastContact() == null ? NULL : s.lastContact().toString());
      out.add(text(s.lastError()));
      out.add(text(h.state()));
      out.add(h.lastCheck() == null ? NULL : h.lastCheck().toString());
      out.add(text(h.lastResult()));
      out.add(text(h.dnsProbe()));
    }
    return out.toArray(String[]::new);
  }

  static View decode(String[] in) {
    if (in.length < HEAD || (in.length - HEAD) % PER_NAMESERVER != 0) {
      throw new IllegalArgumentException("a fleet status of " + in.length + " fields");
    }
    Map<String, LinkStatus> links = new TreeMap<>();
    Map<String, NameserverHealth> health = new TreeMap<>();
    for (int i = HEAD; i < in.length; i += PER_NAMESERVER) {
      String name = in[i];
      links.put(
          name,
          new LinkStatus(
              Boolean.parseBoolean(in[i + 1]),
              Long.parseLong(in[i + 2]),
              value(in[i + 3]),
              Boolean.parseBoolean(in[i + 4]),
              Boolean.parseBoolean(in[i + 5]),
              time(in[i + 6]),
              value(in[i + 7])));
      health.put(
          name,
          new NameserverHealth(
              value(in[i + 8]), time(in[i + 9]), value(in[i + 10]), value(in[i + 11])));
    }
    return new View(
        Long.parseLong(in[0]),
        value(in[1]),
        Long.parseLong(in[2]),
        value(in[3]),
        Double.parseDouble(in[4]),
        links,
        health);
  }

  private static String text(String s) {
    return s == null ? NULL : s;
  }

  private static String value(String s) {
    return NULL.equals(s) ? null : s;
  }

  private static OffsetDateTime time(String s) {
    return NULL.equals(s) ? null : OffsetDateTime.parse(s);
  }
}
