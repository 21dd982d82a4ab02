package dev.felu.fleet;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.logging.Logger;

/**
 * The launcher's calls to the management REST API, made as an operator would make them: it logs in
 * with an admin API token of its own, registers each nameserver and hands it the bootstrap token
 * the registration returns (through the nameserver's keys file), and revokes its token at the end.
 */
final class Registration {
  private static final Logger LOG = Logger.getLogger(Registration.class.getName());

  private final FleetOptions options;
  private final String api;
  private String tokenId;

  Registration(FleetOptions options) {
    this.options = options;
    this.api = options.managementUrl() + "/api/v1";
  }

  /**
   * Makes an admin API token for the launcher (with the demo admin's password over HTTP Basic) and
   * lets {@link Http} send it to the management API from now on: one PBKDF2 check per fleet start
   * instead of one per request.
   */
  void logIn() throws IOException, InterruptedException {
    authorizeAsAdmin();
    HttpResponse<String> r =
        Http.send(
            "POST",
            api + "/tokens",
            Json.createObjectBuilder()
                .add("name", "fleet launcher")
                .add("role", "admin")
                .build()
                .toString());
    if (r.statusCode() != 201) {
      throw new IOException(
          "could not log in as "
              + AdminPassword.USERNAME
              + " with the password in "
              + AdminPassword.file(options.home())
              + ": "
              + r.statusCode()
              + " "
              + r.body());
    }
    JsonObject token = ApiJson.object(r.body());
    if (!token.containsKey("secret") || !token.containsKey("id")) {
      throw new IOException("unexpected answer to POST /api/v1/tokens: " + r.body());
    }
    tokenId = token.get("id").toString();
    Http.authorize(api, "Bearer " + token.getString("secret"));
  }

  /** Revokes the launcher's token, if it made one; a failure is only logged. */
  void logOut() throws InterruptedException {
    if (tokenId == null) {
      return;
    }
    try {
      // tokens cannot revoke tokens: the admin password can
      authorizeAsAdmin();
      Http.send("DELETE", api + "/tokens/" + tokenId, null);
      tokenId = null;
    } catch (IOException e) {
      LOG.warning("could not revoke the launcher's API token: " + e.getMessage());
    }
  }

  private void authorizeAsAdmin() throws IOException {
    Http.authorize(api, Http.basic(AdminPassword.USERNAME, AdminPassword.of(options.home())));
  }

  /**
   * Registers the nameserver and writes the bootstrap token it gets into the nameserver's keys
   * file. A registration from an earlier run is kept when its addresses match and its keys file
   * holds a key; otherwise it is registered afresh.
   */
  void register(NameserverProcess ns) throws IOException, InterruptedException {
    String url = api + "/nameservers/" + ns.name();
    HttpResponse<String> existing = Http.get(url);
    if (existing.statusCode() == 200 && !(hasKey(ns) && sameAddresses(existing.body(), ns))) {
      // registered with other addresses or keys by an earlier run: register afresh
      Http.send("DELETE", url, null);
      existing = Http.get(url);
    }
    HttpResponse<String> r;
    if (existing.statusCode() == 200) {
      r = Http.send("PUT", url, ApiJson.of("enabled", true));
    } else {
      JsonObject registration =
          Json.createObjectBuilder()
              .add("name", ns.name())
              .add("configUrl", ns.configUrl())
              .add("dnsHost", FleetOptions.HOST)
              .add("dnsPort", ns.dnsPort())
              .build();
      r = Http.send("POST", api + "/nameservers", registration.toString());
      if (r.statusCode() == 201) {
        ns.writeKeys(List.of(bootstrapToken(r.body())));
      }
    }
    if (r.statusCode() >= 300) {
      throw new IOException(
          "registering " + ns.name() + " failed: " + r.statusCode() + " " + r.body());
    }
  }

  private static boolean hasKey(NameserverProcess ns) throws IOException {
    return Files.exists(ns.keysFile())
        && Files.readAllLines(ns.keysFile()).stream().anyMatch(l -> l.startsWith("felu1."));
  }

  /** The registration in {@code json} has the nameserver's config URL and DNS port. */
  private static boolean sameAddresses(String json, NameserverProcess ns) {
    JsonObject registered = ApiJson.object(json);
    return ns.configUrl().equals(registered.getString("configUrl", null))
        && registered.get("dnsPort") instanceof JsonNumber port
        && port.intValue() == ns.dnsPort();
  }

  /** The {@code bootstrapToken} member of a registration's or a key rotation's reply. */
  static String bootstrapToken(String json) {
    JsonValue token = ApiJson.object(json).get("bootstrapToken");
    if (!(token instanceof JsonString s) || !s.getString().startsWith("felu1.")) {
      throw new IllegalStateException("the reply carries no bootstrap token");
    }
    return s.getString();
  }
}
