package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.net.http.HttpResponse;

/** TSIG keys made through the REST API as an admin makes them, for the end-to-end tests. */
final class TestKeys {
  private TestKeys() {}

  /**
   * Makes key {@code name} (HMAC-SHA256, a generated secret) that may transfer {@code zones};
   * returns the secret the answer shows once.
   */
  static String make(String api, String name, String... zones) throws Exception {
    JsonArrayBuilder allowed = Json.createArrayBuilder();
    for (String zone : zones) {
      allowed.add(zone);
    }
    HttpResponse<String> made =
        Http.send(
            "POST",
            api + "/tsig-keys",
            Json.createObjectBuilder()
                .add("name", name)
                .add("algorithm", "hmac-sha256")
                .add("zones", allowed)
                .build()
                .toString());
    assertEquals(201, made.statusCode(), made.body());
    String secret = ApiJson.object(made.body()).getString("secret");
    assertFalse(secret.isEmpty(), made.body());
    return secret;
  }

  /** Sets the key's update policy to one rule: in {@code zone}, names {@code match}ing, types. */
  static void allowUpdates(
      String api, String key, String zone, String match, String name, String... types)
      throws Exception {
    JsonArrayBuilder typeList = Json.createArrayBuilder();
    for (String type : types) {
      typeList.add(type);
    }
    HttpResponse<String> policy =
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
                                .add("types", typeList)))
                .build()
                .toString());
    assertEquals(200, policy.statusCode(), policy.body());
  }
}
