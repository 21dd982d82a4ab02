package dev.felu.web.api;

import java.util.Set;

/** The body of {@code PUT /tsig-keys/{name}}: the zones the key may transfer. */
public record TsigKeyZones(Set<String> zones) {}
