package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard queries only metrics felu exports: every {@code felu_*} name in a panel's
 * PromQL is in {@code grafana/exported-metrics.txt}, the list FleetIT checks against a running
 * fleet.
 */
class DashboardTest {
  static final Path DASHBOARD = Path.of("grafana/felu-dashboard.json");
  static final Path METRICS = Path.of("grafana/exported-metrics.txt");
  private static final Pattern FELU_NAME = Pattern.compile("\\bfelu_[a-zA-Z0-9_:]*");

  static Set<String> exportedMetrics() throws IOException {
    Set<String> names = new LinkedHashSet<>();
    for (String line : Files.readAllLines(METRICS)) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        names.add(l);
      }
    }
    return names;
  }

  private static JsonObject dashboard() throws IOException {
    try (Reader r = Files.newBufferedReader(DASHBOARD)) {
      return Json.createReader(r).readObject();
    }
  }

  @Test
  void everyPanelQueriesOnlyExportedMetrics() throws IOException {
    Set<String> exported = exportedMetrics();
    List<String> problems = new ArrayList<>();
    Set<String> used = new HashSet<>();
    int queries = 0;
    for (JsonValue v : dashboard().getJsonArray("panels")) {
      JsonObject panel = v.asJsonObject();
      if (panel.getString("type").equals("row")) {
        continue;
      }
      String title = panel.getString("title");
      assertEquals(
          "${datasource}",
          panel.getJsonObject("datasource").getString("uid"),
          title + " uses the datasource variable");
      assertFalse(panel.getJsonArray("targets").isEmpty(), title + " has queries");
      for (JsonValue t : panel.getJsonArray("targets")) {
        String expr = t.asJsonObject().getString("expr");
        queries++;
        Matcher m = FELU_NAME.matcher(expr);
        boolean any = false;
        while (m.find()) {
          any = true;
          used.add(m.group());
          if (!exported.contains(m.group())) {
            problems.add(title + ": " + m.group() + " is not exported");
          }
        }
        if (!any) {
          problems.add(title + ": query uses no felu metric: " + expr);
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertTrue(queries >= 10, "a dashboard worth the name");
    assertTrue(used.contains("felu_dns_response_seconds_bucket"), "latency from histogram buckets");
    assertTrue(used.contains("felu_push_latency_seconds_bucket"), "push latency quantiles");
  }

  @Test
  void isAGrafanaDashboardWithAPrometheusDatasourceVariable() throws IOException {
    JsonObject d = dashboard();
    assertTrue(d.getInt("schemaVersion") >= 36, "Grafana 10 schema");
    assertEquals("felu-overview", d.getString("uid"));
    JsonObject datasource = d.getJsonObject("templating").getJsonArray("list").getJsonObject(0);
    assertEquals("datasource", datasource.getString("type"));
    assertEquals("prometheus", datasource.getString("query"));
    Set<Integer> ids = new HashSet<>();
    for (JsonValue v : d.getJsonArray("panels")) {
      assertTrue(ids.add(v.asJsonObject().getInt("id")), "panel ids unique");
    }
  }
}
