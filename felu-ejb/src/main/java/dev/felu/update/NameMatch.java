package dev.felu.update;

/** Placeholder of the update-policy contract (issue 15 item 2); dropped when that branch merges. */
public enum NameMatch {
  EXACT,
  SUBTREE,
  PATTERN
}
