package dev.felu.config;

import dev.felu.protocol.ConfigHash;

/**
 * Fired inside the transaction that made a revision; observed after it commits. Only a nudge: the
 * push coordinator reads what each nameserver misses from the revision log, so events that arrive
 * late, out of order or coalesced still end with every nameserver at the head.
 */
public record ConfigChanged(long revision, ConfigHash hash) {}
