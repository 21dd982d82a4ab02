package dev.felu.update;

import java.net.InetAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The log of UPDATEs refused before any key vouched for them (unsigned, an unknown key, a wrong
 * MAC, a signing time outside the fudge): anyone can send those, so they are counted in the metrics
 * and written here at a bounded rate, never into the audit log, which a sender must not be able to
 * grow without a key. The first refusal after a quiet {@code interval} is written at once; the next
 * ones are summed and written as one line when an interval has passed since the last line (at the
 * next refusal), with the last sender's address. Memory: one count per reason, at most {@link
 * #MAX_REASONS} reasons.
 */
final class UnverifiedRefusals {
  static final int MAX_REASONS = 8;

  private final long intervalNanos;
  private final LongSupplier nanos;
  private final Consumer<String> log;
  private final Map<String, Long> counts = new TreeMap<>();
  private long lastLine;
  private boolean logged;
  private String lastFrom;

  UnverifiedRefusals(long intervalNanos, LongSupplier nanos, Consumer<String> log) {
    this.intervalNanos = intervalNanos;
    this.nanos = nanos;
    this.log = log;
  }

  /** One refusal: {@code why} is {@code unsigned} or the TSIG error's name. */
  synchronized void refused(String why, InetAddress from) {
    String reason = counts.containsKey(why) || counts.size() < MAX_REASONS ? why : "other";
    counts.merge(reason, 1L, Long::sum);
    lastFrom = from == null ? "?" : from.getHostAddress();
    long now = nanos.getAsLong();
    if (!logged || now - lastLine >= intervalNanos) {
      long total = counts.values().stream().mapToLong(Long::longValue).sum();
      log.accept(
          "UPDATE endpoint refused "
              + total
              + (total == 1 ? " request" : " requests")
              + " no TSIG key verified "
              + counts
              + (logged ? " since the last report" : "")
              + "; the last from "
              + lastFrom);
      counts.clear();
      lastLine = now;
      logged = true;
    }
  }
}
