package dev.felu.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of dnsperf (Debian's {@code dnsperf} 2.10) against a server on 127.0.0.1, its output kept
 * in a file and read back: queries completed and lost, queries per second, and — with {@code -v},
 * which prints every answer with its latency ({@code > NOERROR name type 0.000123}) — the latency
 * percentiles. Part of {@link KnotBench}.
 */
final class DnsPerf {
  private static final Pattern COMPLETED = Pattern.compile("Queries completed:\\s+(\\d+)");
  private static final Pattern LOST = Pattern.compile("Queries lost:\\s+(\\d+)");
  private static final Pattern QPS = Pattern.compile("Queries per second:\\s+([0-9.]+)");
  private static final Pattern ANSWER = Pattern.compile("^> \\S+ \\S+ \\S+ ([0-9.]+)$");

  /** What one run measured; {@code p99Millis} is NaN without {@code -v}. */
  record Result(long completed, long lost, double qps, double p50Millis, double p99Millis) {}

  private DnsPerf() {}

  /**
   * Runs {@code dnsperf -s 127.0.0.1 -p port -d queries -l seconds} with {@code options} (e.g.
   * {@code -c 4}, {@code -m tcp}, {@code -Q 10000 -v}); its output goes to {@code output}.
   */
  static Result run(int port, Path queries, int seconds, List<String> options, Path output)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            "dnsperf",
            "-s",
            FleetOptions.HOST,
            "-p",
            Integer.toString(port),
            "-d",
            queries.toString(),
            "-l",
            Integer.toString(seconds)));
    cmd.addAll(options);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    if (!p.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("dnsperf did not end: " + String.join(" ", cmd));
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          "dnsperf exited with "
              + p.exitValue()
              + "; see "
              + output
              + ": "
              + String.join(" ", cmd));
    }
    return read(output);
  }

  /** Reads a dnsperf output file (the summary and, if present, the {@code -v} answer lines). */
  static Result read(Path output) throws IOException {
    long completed = -1;
    long lost = -1;
    double qps = Double.NaN;
    List<Double> latencies = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(output, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Matcher m;
        if (line.startsWith(">")) {
          m = ANSWER.matcher(line);
          if (m.matches()) {
            latencies.add(Double.parseDouble(m.group(1)) * 1000);
          }
        } else if ((m = COMPLETED.matcher(line)).find()) {
          completed = Long.parseLong(m.group(1));
        } else if ((m = LOST.matcher(line)).find()) {
          lost = Long.parseLong(m.group(1));
        } else if ((m = QPS.matcher(line)).find()) {
          qps = Double.parseDouble(m.group(1));
        }
      }
    }
    if (completed < 0 || Double.isNaN(qps)) {
      throw new IOException("no dnsperf statistics in " + output);
    }
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    if (!latencies.isEmpty()) {
      double[] values = latencies.stream().mapToDouble(Double::doubleValue).toArray();
      p50 = Bench.percentile(values, 50);
      p99 = Bench.percentile(values, 99);
    }
    return new Result(completed, lost, qps, p50, p99);
  }
}
