package dev.felu.push;

/**
 * Flap suppression for one nameserver's health: two failed checks in a row make it DOWN, two good
 * ones in a row make it UP; a single odd result changes nothing. Until then its health is UNKNOWN.
 */
final class FlapFilter {
  /** Consecutive results needed to change the state. */
  static final int THRESHOLD = 2;

  enum Health {
    UNKNOWN,
    UP,
    DOWN
  }

  private Health health = Health.UNKNOWN;
  private int streak;
  private boolean lastOk;

  /** Records one check's outcome and returns the health after it. */
  synchronized Health record(boolean ok) {
    streak = (streak > 0 && ok == lastOk) ? streak + 1 : 1;
    lastOk = ok;
    if (streak >= THRESHOLD) {
      health = ok ? Health.UP : Health.DOWN;
    }
    return health;
  }

  synchronized Health health() {
    return health;
  }
}
