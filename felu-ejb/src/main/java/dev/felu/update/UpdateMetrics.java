package dev.felu.update;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Name;

/**
 * Counts the UPDATE endpoint's requests by key, zone and result (an rcode's name, a TSIG error's,
 * {@code ratelimited} or {@code dropped}); exported by {@code
 * dev.felu.web.metrics.ManagementMetrics} as {@code felu_update_requests_total}. A key or zone not
 * known (unsigned, failed TSIG, no zone section) is counted as {@code ""}, so a client cannot grow
 * the series with names it makes up.
 */
@ApplicationScoped
public class UpdateMetrics {
  /** One series. */
  public record Series(String key, String zone, String result) implements Comparable<Series> {
    @Override
    public int compareTo(Series o) {
      return toString().compareTo(o.toString());
    }
  }

  private final ConcurrentHashMap<Series, LongAdder> counts = new ConcurrentHashMap<>();

  public void count(Name key, Name zone, String result) {
    counts
        .computeIfAbsent(
            new Series(
                key == null ? "" : key.toString(), zone == null ? "" : zone.toString(), result),
            s -> new LongAdder())
        .increment();
  }

  /** Every series counted since start, with its count. */
  public Map<Series, Long> counts() {
    Map<Series, Long> out = new TreeMap<>();
    counts.forEach((s, n) -> out.put(s, n.sum()));
    return out;
  }

  /** One series' count, 0 when never counted. */
  public long count(Series series) {
    LongAdder n = counts.get(series);
    return n == null ? 0 : n.sum();
  }
}
