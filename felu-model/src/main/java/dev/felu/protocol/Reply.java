package dev.felu.protocol;

/**
 * The nameserver's answer to any {@link Message}: the configuration it holds after handling it, and
 * the reason when it refused the message ({@code error} is null on success).
 */
public record Reply(long revision, ConfigHash hash, boolean serving, String error) {
  public static final long NO_REVISION = -1;

  public boolean ok() {
    return error == null;
  }
}
