package dev.felu.tsig;

import java.util.Set;

/**
 * A TSIG key to make: its name, its algorithm (null: hmac-sha256), its secret in Base64 when it
 * must match a peer's existing key (null: generated), the zones it may transfer.
 */
public record TsigKeySpec(String name, String algorithm, String secret, Set<String> zones) {}
