package dev.felu.config;

import dev.felu.protocol.ConfigHash;

/** The newest revision and its hash, as nameservers should hold them. */
public record ConfigHeadView(long revision, ConfigHash hash) {}
