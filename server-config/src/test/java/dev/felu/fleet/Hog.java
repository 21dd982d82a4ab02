package dev.felu.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM for {@link SupervisorIT}: {@code hog} allocates until its heap runs out (the JVM's
 * options decide what happens then), {@code idle} just runs until it is stopped (or 10 minutes, so
 * that a forgotten child does not outlive the test run for long).
 */
public final class Hog {
  private Hog() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length == 1 && args[0].equals("hog")) {
      List<long[]> held = new ArrayList<>();
      while (true) {
        held.add(new long[1 << 16]);
      }
    }
    if (args.length == 1 && args[0].equals("idle")) {
      TimeUnit.MINUTES.sleep(10);
      return;
    }
    System.exit(Integer.parseInt(args[0])); // "exit N": ends at once with that code
  }
}
