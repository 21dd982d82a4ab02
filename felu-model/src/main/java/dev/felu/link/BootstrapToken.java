package dev.felu.link;

import java.util.Base64;
import java.util.regex.Pattern;

/**
 * What an operator copies from the management server into one nameserver's configuration, once:
 * {@code felu1.<nameserver>.<keyId>.<base64url key>}. It names the nameserver the key belongs to,
 * so the nameserver also learns its own name from it (the name is part of every signature).
 *
 * @param nameserver the nameserver's name, e.g. {@code ns1}
 * @param key the link key
 */
public record BootstrapToken(String nameserver, LinkKey key) {
  public static final String PREFIX = "felu1.";
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  public BootstrapToken {
    if (nameserver == null || !NAME.matcher(nameserver).matches()) {
      throw new IllegalArgumentException("invalid nameserver name in token: '" + nameserver + "'");
    }
    if (key == null) {
      throw new IllegalArgumentException("a bootstrap token needs a key");
    }
  }

  public static boolean looksLikeToken(String s) {
    return s != null && s.trim().startsWith(PREFIX);
  }

  /** Parses a token; the message never repeats the token, which is a secret. */
  public static BootstrapToken parse(String token) {
    String[] parts = token == null ? new String[0] : token.trim().split("\\.", -1);
    if (parts.length != 4 || !(parts[0] + ".").equals(PREFIX)) {
      throw new IllegalArgumentException(
          "a bootstrap token is felu1.<nameserver>.<keyId>.<base64url key>");
    }
    return new BootstrapToken(parts[1], new LinkKey(parts[2], LinkKey.decode(parts[2], parts[3])));
  }

  /** The token text: a secret, to be shown once. */
  public String token() {
    return PREFIX
        + nameserver
        + "."
        + key.id()
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(key.materialUnsafe());
  }

  @Override
  public String toString() {
    return "BootstrapToken[" + nameserver + ", " + key.id() + "]";
  }
}
