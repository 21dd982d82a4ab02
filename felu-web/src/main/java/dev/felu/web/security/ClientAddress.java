package dev.felu.web.security;

import dev.felu.input.InvalidInputException;
import dev.felu.transfer.TransferNetwork;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address a request comes from, as login throttling and the audit log count it. Behind a load
 * balancer every request's TCP peer is the balancer: when the peer is one of {@code
 * felu.security.trusted-proxies} (IP addresses or networks, comma-separated; none by default), the
 * client is the rightmost address of {@code X-Forwarded-For} that is not itself a trusted proxy
 * (HAProxy's {@code option forwardfor} appends the peer it saw; what a client wrote to the left of
 * it is never believed). A request from anyone else is its peer, whatever it sends.
 */
@ApplicationScoped
public class ClientAddress {
  /** The most of {@code X-Forwarded-For} looked at (its rightmost part, where proxies append). */
  static final int MAX_HEADER = 1024;

  @Inject
  @ConfigProperty(name = "felu.security.trusted-proxies")
  Optional<String> trustedProxies;

  private List<String> trusted = List.of();

  @PostConstruct
  void init() {
    trusted = networks(trustedProxies.orElse(""));
  }

  /** The networks of the setting; a value that is not one fails the start, naming it. */
  static List<String> networks(String setting) {
    List<String> networks = new ArrayList<>();
    for (String part : setting.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        networks.add(TransferNetwork.normalize(part));
      } catch (InvalidInputException e) {
        throw new IllegalStateException("felu.security.trusted-proxies: " + e.getMessage(), e);
      }
    }
    return List.copyOf(networks);
  }

  public String of(HttpServletRequest req) {
    return of(req.getRemoteAddr(), Collections.list(req.getHeaders("X-Forwarded-For")), trusted);
  }

  /** {@link #of(HttpServletRequest)} over its parts. */
  static String of(String peer, List<String> forwardedFor, List<String> trusted) {
    if (!isTrusted(peer, trusted) || forwardedFor.isEmpty()) {
      return peer;
    }
    String header = String.join(",", forwardedFor);
    if (header.length() > MAX_HEADER) {
      header = header.substring(header.length() - MAX_HEADER);
      header = header.substring(header.indexOf(',') + 1); // a cut first entry is not an address
    }
    String[] hops = header.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      Optional<byte[]> address = TransferNetwork.address(hop);
      if (address.isEmpty()) {
        return peer; // not written by a proxy of ours: believe nothing further left
      }
      if (!isTrusted(address.get(), trusted)) {
        return hop;
      }
    }
    return peer;
  }

  private static boolean isTrusted(String address, List<String> trusted) {
    return TransferNetwork.address(address).map(a -> isTrusted(a, trusted)).orElse(false);
  }

  private static boolean isTrusted(byte[] address, List<String> trusted) {
    for (String network : trusted) {
      if (TransferNetwork.contains(network, address)) {
        return true;
      }
    }
    return false;
  }
}
