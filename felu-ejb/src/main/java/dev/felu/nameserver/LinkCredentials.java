package dev.felu.nameserver;

import dev.felu.link.LinkKey;

/**
 * What the management server signs a nameserver's handshakes with.
 *
 * @param nameserver the name that is signed (the nameserver checks it is its own)
 * @param active the key in use; null when the nameserver has none (registered before keys existed)
 * @param pending the key being rotated in, tried first; null outside a rotation
 * @param problem why there are no keys to use (no master key, a key that does not unseal), or null
 */
public record LinkCredentials(String nameserver, LinkKey active, LinkKey pending, String problem) {
  public LinkCredentials(String nameserver, LinkKey active, LinkKey pending) {
    this(nameserver, active, pending, null);
  }

  static LinkCredentials unusable(String nameserver, String problem) {
    return new LinkCredentials(nameserver, null, null, problem);
  }
}
