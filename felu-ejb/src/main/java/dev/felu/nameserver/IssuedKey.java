package dev.felu.nameserver;

import dev.felu.model.nameserver.Nameserver;

/**
 * A nameserver with a newly issued link key, and the one-time bootstrap token that carries it.
 *
 * @param bootstrapToken {@code felu1.<name>.<keyId>.<key>}: shown to the operator once, never
 *     stored in the clear, never logged
 */
public record IssuedKey(Nameserver nameserver, String keyId, String bootstrapToken) {}
