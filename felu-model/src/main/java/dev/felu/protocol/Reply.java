package dev.felu.protocol;

/**
 * The nameserver's answer to any {@link Message}: the configuration it holds after handling it, and
 * the reason when it refused the message ({@code error} is null on success).
 */
public record Reply(long revision, ConfigHash hash, boolean serving, String error) {
  public static final long NO_REVISION = -1;

  /**
   * How a refusal for lack of memory begins: the nameserver keeps what it holds, and a snapshot of
   * the same revision would need at least as much, so the sender does not retry one at once.
   */
  public static final String NOT_ENOUGH_MEMORY = "not enough memory for revision ";

  public boolean ok() {
    return error == null;
  }

  /** Refused because the revision would not fit the nameserver's heap. */
  public boolean lacksMemory() {
    return error != null && error.startsWith(NOT_ENOUGH_MEMORY);
  }
}
