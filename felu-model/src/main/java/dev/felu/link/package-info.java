/**
 * Authentication of the management→nameserver link, shared by both sides and free of any container.
 *
 * <p>Each nameserver holds one or two {@link dev.felu.link.LinkKey link keys} (two while a key is
 * rotated). The management server signs every WebSocket handshake with one of them ({@link
 * dev.felu.link.LinkHandshake}): an HMAC-SHA256 over the nameserver's name, the request path, a
 * timestamp and a random nonce. The nameserver checks it ({@link dev.felu.link.HandshakeVerifier}):
 * known key, timestamp within the window, signature, nonce not seen before — so a captured header
 * cannot be replayed. Keys reach an operator once, as a {@link dev.felu.link.BootstrapToken}; the
 * management server keeps them encrypted at rest ({@link dev.felu.link.KeySealer}).
 */
package dev.felu.link;
