package dev.felu.migration;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How far one migration has come, for a page to show while it runs (the UI polls it): zones pulled
 * of the total, the zone being pulled now, then the import. Written by {@link MigrationService},
 * read from any thread.
 */
public final class MigrationProgress {
  private final AtomicInteger pulled = new AtomicInteger();
  private volatile int total;
  private volatile String current;
  private volatile boolean importing;
  private volatile boolean running;

  void start(int zones) {
    total = zones;
    pulled.set(0);
    importing = false;
    running = true;
  }

  void pulling(String zone) {
    current = zone;
  }

  void pulled() {
    pulled.incrementAndGet();
  }

  void importing() {
    importing = true;
    current = null;
  }

  void done() {
    running = false;
    current = null;
  }

  public boolean isRunning() {
    return running;
  }

  public int pulledCount() {
    return pulled.get();
  }

  public int total() {
    return total;
  }

  /** One line for people, e.g. "pulled 12 of 40 zones; now example.com." (empty when idle). */
  public String describe() {
    if (!running) {
      return "";
    }
    if (importing) {
      return "pulled " + total + " zones; comparing and importing them";
    }
    String now = current;
    return "pulled "
        + pulled.get()
        + " of "
        + total
        + " zones"
        + (now == null ? "" : "; now " + now);
  }
}
