package dev.felu.account;

import java.util.Set;

/**
 * An account as the API writes it. On update every null field is left as it is.
 *
 * @param zones zone grants (operators, viewers): only these zones; empty means none
 * @param allZones every zone, present and future, instead of grants
 */
public record AccountSpec(
    String username,
    String password,
    String role,
    Boolean enabled,
    Set<String> zones,
    Boolean allZones) {}
