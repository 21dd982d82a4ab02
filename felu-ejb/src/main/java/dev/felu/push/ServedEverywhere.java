package dev.felu.push;

/**
 * Every linked (enabled) nameserver now holds {@code revision} or a newer one, recorded in the
 * progress log: the moment the last of them acknowledged it, fired by {@link PushCoordinator} from
 * the sync that recorded it, so observers learn it without polling the progress log. Fired only
 * when the revision served everywhere moves on; with no nameserver linked it is never fired.
 */
public record ServedEverywhere(long revision) {}
