package dev.felu.account;

/**
 * Failed logins per key (an account, a client address) in a sliding window: {@link FailureWindow}
 * in this instance's memory, {@link GridFailureWindow} in the data grid every instance shares.
 */
public interface FailureCounts {
  /** True when the key has reached the limit inside the window. */
  boolean blocked(String key);

  /** Counts one failure of the key, now. */
  void failed(String key);

  /** A success clears the key. */
  void succeeded(String key);
}
