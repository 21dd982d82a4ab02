package dev.felu.web.api;

/**
 * A link key just issued by a rotation: its id, and the bootstrap token that carries it, shown this
 * once.
 */
public record IssuedKeyView(String nameserver, String keyId, String state, String bootstrapToken) {}
