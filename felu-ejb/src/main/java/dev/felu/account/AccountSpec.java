package dev.felu.account;

import java.util.Set;

/**
 * An account as the API writes it. On update every null field is left as it is.
 *
 * @param zones zone grants (operators): only these zones; empty or null means every zone
 */
public record AccountSpec(
    String username, String password, String role, Boolean enabled, Set<String> zones) {}
