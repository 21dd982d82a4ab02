package dev.felu.config;

import dev.felu.protocol.Message;

/** Fired inside the transaction that made a revision; observed after it commits. */
public record ConfigChanged(Message.Delta delta) {}
