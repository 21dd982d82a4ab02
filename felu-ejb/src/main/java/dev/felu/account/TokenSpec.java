package dev.felu.account;

import java.util.Set;

/**
 * A token to make: a name for humans, its role (defaults to the maker's) and optionally the only
 * zones it may touch.
 */
public record TokenSpec(String name, String role, Set<String> zones) {}
