package dev.felu.tsig;

/**
 * A TSIG key was made or deleted (fired in the transaction that does it): whoever holds the keys
 * opened, such as the UPDATE endpoint's key ring, reads them again once it commits.
 */
public record TsigKeysChanged(String key) {}
