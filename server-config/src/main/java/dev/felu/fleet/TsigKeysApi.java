package dev.felu.fleet;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.net.http.HttpResponse;

/**
 * TSIG keys and their update policies made through the REST API as an admin makes them, for the
 * benchmarks and the end-to-end tests; any other answer than the one expected is an {@link
 * IOException} naming its status and body.
 */
public final class TsigKeysApi {
  private TsigKeysApi() {}

  /**
   * Makes key {@code name} (HMAC-SHA256, a generated secret) that may transfer {@code zones};
   * returns the secret the answer shows once.
   */
  public static String make(String api, String name, String... zones)
      throws IOException, InterruptedException {
    HttpResponse<String> made =
        Http.send(
            "POST",
            api + "/tsig-keys",
            Json.createObjectBuilder()
                .add("name", name)
                .add("algorithm", "hmac-sha256")
                .add("zones", list(zones))
                .build()
                .toString());
    expect(201, made);
    String secret = ApiJson.object(made.body()).getString("secret", "");
    if (secret.isEmpty()) {
      throw new IOException("no secret in the answer: " + made.body());
    }
    return secret;
  }

  /** Sets the key's update policy to one rule: in {@code zone}, names {@code match}ing, types. */
  public static void allowUpdates(
      String api, String key, String zone, String match, String name, String... types)
      throws IOException, InterruptedException {
    expect(
        200,
        Http.send(
            "PUT",
            api + "/tsig-keys/" + key + "/update-policy",
            Json.createObjectBuilder()
                .add(
                    "rules",
                    Json.createArrayBuilder()
                        .add(
                            Json.createObjectBuilder()
                                .add("zone", zone)
                                .add("match", match)
                                .add("name", name)
                                .add("types", list(types))))
                .build()
                .toString()));
  }

  private static JsonArrayBuilder list(String... values) {
    JsonArrayBuilder list = Json.createArrayBuilder();
    for (String v : values) {
      list.add(v);
    }
    return list;
  }

  private static void expect(int status, HttpResponse<String> r) throws IOException {
    if (r.statusCode() != status) {
      throw new IOException(
          "expected HTTP " + status + ", got " + r.statusCode() + ": " + r.body());
    }
  }
}
