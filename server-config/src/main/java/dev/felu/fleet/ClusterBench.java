package dev.felu.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clustered management tier ({@code felu-bench --cluster N}): a second fleet whose management
 * tier is a deployment group of N instances behind HAProxy, started after the single-server phases
 * (so the same run shows both): edit → served through HAProxy, then the takeover time after SIGKILL
 * of the leading instance, {@code takeovers} times (each time the killed instance is started again
 * and rejoins as a follower before the next kill).
 */
final class ClusterBench {
  /** felu_fleet_leader as an instance's /metrics writes it. */
  private static final Pattern LEADER =
      Pattern.compile("(?m)^felu_fleet_leader(?:\\{[^}]*\\})? ([0-9.]+)$");

  private final FleetOptions options;
  private final int edits;
  private final int takeovers;

  ClusterBench(FleetOptions options, int edits, int takeovers) {
    this.options = options;
    this.edits = edits;
    this.takeovers = takeovers;
  }

  void run() throws Exception {
    System.out.println(
        "starting a fleet whose management tier is "
            + options.instances()
            + " instances behind HAProxy, in "
            + options.home());
    try (Fleet fleet = new Fleet(options)) {
      fleet.start();
      String api = options.managementUrl() + "/api/v1";
      if (edits > 0) {
        System.out.print("cluster of " + options.instances() + " behind HAProxy, ");
        Bench.editToServed(fleet, api, edits);
      }
      double[] took = new double[takeovers];
      for (int i = 0; i < takeovers; i++) {
        int leader = awaitOneLeader();
        long killed = System.nanoTime();
        fleet.killInstance(leader);
        Await.until(
            "another instance leads",
            Duration.ofSeconds(120),
            () -> {
              for (int k = 1; k <= options.instances(); k++) {
                if (k != leader && leads(k)) {
                  return true;
                }
              }
              return false;
            });
        took[i] = Bench.millisSince(killed);
        fleet.startInstance(leader);
      }
      if (takeovers > 0) {
        double[] sorted = took.clone();
        Arrays.sort(sorted);
        System.out.printf(
            "takeover after SIGKILL of the leader (%d kills): median %.0f ms, max %.0f ms%n",
            takeovers, Bench.percentile(took, 50), sorted[sorted.length - 1]);
      }
    }
  }

  /** The one instance that says it leads the fleet. */
  private int awaitOneLeader() throws Exception {
    return Await.until(
        "exactly one leading instance",
        Duration.ofSeconds(120),
        () -> {
          List<Integer> leading = new ArrayList<>();
          for (int k = 1; k <= options.instances(); k++) {
            if (leads(k)) {
              leading.add(k);
            }
          }
          return leading.size() == 1 ? leading.get(0) : null;
        });
  }

  private boolean leads(int instance) throws Exception {
    Matcher m = LEADER.matcher(Http.metrics(options.instanceUrl(instance) + "/metrics"));
    return m.find() && Double.parseDouble(m.group(1)) == 1;
  }
}
