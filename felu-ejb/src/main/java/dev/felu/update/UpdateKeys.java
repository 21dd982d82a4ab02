package dev.felu.update;

import dev.felu.config.QueryDeadline;
import dev.felu.config.ReadOnlySnapshot;
import dev.felu.nameserver.LinkKeyVault;
import dev.felu.transfer.TransferPolicyRows;
import dev.felu.tsig.TsigKeysChanged;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The TSIG key store as the UPDATE endpoint verifies with: every key read and opened by {@link
 * TransferPolicyRows#keys} (the reading the nameservers' transfers use), held for at most {@link
 * #MAX_AGE_NANOS} and read again once a key made or deleted commits ({@link TsigKeysChanged}), so a
 * new key works at once and a deleted one stops.
 */
@ApplicationScoped
public class UpdateKeys {
  static final long MAX_AGE_NANOS = 30_000_000_000L;

  @Resource(lookup = "jdbc/felu")
  DataSource db;

  @Inject LinkKeyVault vault;

  private volatile UpdateTsig ring;
  private volatile long readAt;

  /** The ring, read again when stale. */
  public UpdateTsig ring() {
    UpdateTsig r = ring;
    if (r != null && System.nanoTime() - readAt < MAX_AGE_NANOS) {
      return r;
    }
    synchronized (this) {
      if (ring == null || System.nanoTime() - readAt >= MAX_AGE_NANOS) {
        long at = System.nanoTime();
        try {
          ring =
              UpdateTsig.of(
                  ReadOnlySnapshot.read(
                      db,
                      QueryDeadline.PUSH_PATH,
                      c -> TransferPolicyRows.keys(c, vault.available().orElse(null))),
                  Clock.systemUTC());
        } catch (SQLException e) {
          throw new IllegalStateException("reading the TSIG keys failed: " + e.getMessage(), e);
        }
        readAt = at;
      }
      return ring;
    }
  }

  /**
   * A key made or deleted: read them again. Not on every configuration change — an UPDATE is one,
   * and reading and opening every key again for each would cost every update a database round trip.
   */
  void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) TsigKeysChanged change) {
    ring = null;
  }
}
