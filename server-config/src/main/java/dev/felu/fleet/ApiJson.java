package dev.felu.fleet;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;

/**
 * The management REST API's JSON as the launcher, the benchmarks and the tests make and read it,
 * through jakarta.json (Parsson): bodies are built, never concatenated, so names and data with
 * quotes or backslashes stay intact.
 */
public final class ApiJson {
  private ApiJson() {}

  /** A reply that is a JSON object. */
  public static JsonObject object(String body) {
    try (var reader = Json.createReader(new StringReader(body))) {
      return reader.readObject();
    }
  }

  /** A reply that is a JSON array. */
  public static JsonArray array(String body) {
    try (var reader = Json.createReader(new StringReader(body))) {
      return reader.readArray();
    }
  }

  /** A record as {@code POST …/records} takes it, without a TTL (the zone's default). */
  public static JsonObjectBuilder record(String name, String type, String data) {
    return Json.createObjectBuilder().add("name", name).add("type", type).add("data", data);
  }

  /** A record as {@code POST …/records} takes it. */
  public static JsonObjectBuilder record(String name, String type, long ttl, String data) {
    return record(name, type, data).add("ttl", ttl);
  }

  /** A zone with its records, as {@code POST /zones} takes it. */
  public static String zone(String name, JsonArrayBuilder records) {
    return Json.createObjectBuilder().add("name", name).add("records", records).build().toString();
  }

  /** A zone with its records, as {@code POST /zones} takes it. */
  public static String zone(String name, JsonObjectBuilder... records) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    for (JsonObjectBuilder r : records) {
      array.add(r);
    }
    return zone(name, array);
  }

  /** An object of one member, e.g. {@code {"enabled":false}}. */
  public static String of(String name, boolean value) {
    return Json.createObjectBuilder().add(name, value).build().toString();
  }

  /** An object of one member, e.g. {@code {"configUrl":"wss://…"}}. */
  public static String of(String name, String value) {
    return Json.createObjectBuilder().add(name, value).build().toString();
  }
}
