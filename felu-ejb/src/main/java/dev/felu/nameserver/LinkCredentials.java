package dev.felu.nameserver;

import dev.felu.link.LinkKey;

/**
 * What the management server signs a nameserver's handshakes with.
 *
 * @param nameserver the name that is signed (the nameserver checks it is its own)
 * @param active the key in use; null when the nameserver has none (registered before keys existed)
 * @param pending the key being rotated in, tried first; null outside a rotation
 */
public record LinkCredentials(String nameserver, LinkKey active, LinkKey pending) {}
