package dev.felu.cluster;

import com.hazelcast.core.HazelcastInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * This instance's member of Payara's data grid: the {@link HazelcastInstance} Payara binds at JNDI
 * {@value #JNDI} when the grid is enabled. Payara starts the grid once every application is loaded,
 * so at start-up the name may not be bound yet: it is looked up again at every call until found (a
 * lookup is a map read). With the grid disabled or absent (Payara Micro with {@code --nocluster}
 * and the grid switched off, as in the container tests) it stays "no grid" and the instance works
 * alone.
 */
@ApplicationScoped
public class DataGrid {
  private static final Logger LOG = Logger.getLogger(DataGrid.class.getName());

  /** Where Payara binds its Hazelcast instance ({@code hazelcast-runtime-configuration}). */
  public static final String JNDI = "payara/Hazelcast";

  private volatile HazelcastInstance found;
  private volatile boolean seen;

  /** The grid member, while the grid runs; empty with no grid (yet). */
  public Optional<HazelcastInstance> instance() {
    HazelcastInstance hz = found;
    if (hz != null && hz.getLifecycleService().isRunning()) {
      return Optional.of(hz);
    }
    try {
      Object bound = new InitialContext().lookup(JNDI);
      if (bound instanceof HazelcastInstance h && h.getLifecycleService().isRunning()) {
        if (found != h) {
          LOG.info(
              "data grid found at "
                  + JNDI
                  + ": member "
                  + h.getCluster().getLocalMember()
                  + " of "
                  + h.getCluster().getMembers().size());
        }
        found = h;
        seen = true;
        return Optional.of(h);
      }
    } catch (NamingException | RuntimeException e) {
      // not bound: no grid, or not started yet
    }
    found = null;
    return Optional.empty();
  }

  /** Whether this process has found a grid before (then it never works alone again). */
  public boolean seen() {
    return seen;
  }

  /** Whether a grid runs now. */
  public boolean present() {
    return instance().isPresent();
  }

  /** How many members the grid has (1 without a grid: this instance alone). */
  public int members() {
    return instance().map(h -> h.getCluster().getMembers().size()).orElse(1);
  }
}
