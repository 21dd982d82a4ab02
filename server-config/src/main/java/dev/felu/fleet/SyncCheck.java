package dev.felu.fleet;

import jakarta.json.JsonObject;
import java.io.IOException;

/**
 * Asks the management server's REST API whether nameservers hold the head configuration: the same
 * revision and hash as {@code GET /config}, as the management server last saw it over the link.
 */
public final class SyncCheck {
  private SyncCheck() {}

  /**
   * @param api the API's base URL ({@code http://…/api/v1}), with {@link Http}'s authorization
   */
  public static boolean inSync(String api, String nameserver)
      throws IOException, InterruptedException {
    JsonObject head = json(Http.get(api + "/config").body());
    JsonObject status =
        json(Http.get(api + "/nameservers/" + nameserver).body()).getJsonObject("status");
    return status.getBoolean("inSync", false)
        && status.getJsonNumber("revision").longValue()
            == head.getJsonNumber("revision").longValue()
        && head.getString("hash").equals(status.getString("hash", ""));
  }

  /** Every nameserver of the fleet is {@link #inSync}. */
  public static boolean allInSync(Fleet fleet, String api)
      throws IOException, InterruptedException {
    for (NameserverProcess ns : fleet.nameservers()) {
      if (!inSync(api, ns.name())) {
        return false;
      }
    }
    return true;
  }

  private static JsonObject json(String body) {
    return ApiJson.object(body);
  }
}
