package dev.felu.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a Prometheus text exposition (format 0.0.4), enough to check values in tests. */
record PrometheusText(List<PrometheusText.Sample> samples) {
  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern LINE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** Scrapes a metrics endpoint as Prometheus does (Payara answers JSON to other Accepts). */
  static PrometheusText scrape(String url) throws java.io.IOException, InterruptedException {
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .header("Accept", "text/plain")
                    .timeout(java.time.Duration.ofSeconds(10))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new java.io.IOException(url + ": " + r.statusCode() + " " + r.body());
    }
    return parse(r.body());
  }

  static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, number(m.group(3))));
    }
    return new PrometheusText(samples);
  }

  private static double number(String v) {
    return switch (v) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(v);
    };
  }

  /** Metric names present. */
  Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples.forEach(s -> names.add(s.name()));
    return names;
  }

  /**
   * The value of the one sample named {@code name} whose labels include {@code labels} (given as
   * name, value, name, value …), or null when there is none.
   */
  Double value(String name, String... labels) {
    Double found = null;
    for (Sample s : samples) {
      if (!s.name().equals(name) || !has(s, labels)) {
        continue;
      }
      if (found != null) {
        throw new IllegalStateException("several samples of " + name + " match " + List.of(labels));
      }
      found = s.value();
    }
    return found;
  }

  /** {@link #value} or 0 when the series is not (yet) exported. */
  double valueOrZero(String name, String... labels) {
    Double v = value(name, labels);
    return v == null ? 0 : v;
  }

  private static boolean has(Sample s, String[] labels) {
    for (int i = 0; i < labels.length; i += 2) {
      if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
        return false;
      }
    }
    return true;
  }
}
