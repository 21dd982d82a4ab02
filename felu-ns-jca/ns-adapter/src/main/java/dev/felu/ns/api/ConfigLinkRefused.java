package dev.felu.ns.api;

/**
 * A config link was refused because one of a higher leadership epoch is open: another management
 * instance drives this nameserver now. The message says so with both epochs.
 */
public class ConfigLinkRefused extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigLinkRefused(String reason) {
    super(reason);
  }
}
