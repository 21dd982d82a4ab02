package dev.felu.nameserver;

/** The registry changed; observed after commit so that links are reconciled at once. */
public record NameserversChanged(String name) {}
