package dev.felu.cluster;

/**
 * An admin asked another instance for a forced full resync of {@code nameserver}: fired by {@link
 * ClusterSignals} on every other instance, acted on by the one that drives the fleet.
 */
public record ResyncRelayed(String nameserver) {}
