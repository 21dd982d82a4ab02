package dev.felu.tsig;

import dev.felu.model.tsig.TsigKey;

/** A key just made, with its secret in Base64: the one answer that ever carries it. */
public record CreatedTsigKey(TsigKey key, String secret) {}
