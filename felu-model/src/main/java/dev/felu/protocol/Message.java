package dev.felu.protocol;

import java.util.List;
import org.xbill.DNS.Name;

/**
 * What the management server sends to a nameserver. Every message gets exactly one {@link Reply}.
 */
public sealed interface Message {

  /** Asks the nameserver which configuration it holds. */
  record StatusRequest() implements Message {}

  /** The whole configuration at one revision; replaces whatever the nameserver held. */
  record Snapshot(long revision, ConfigHash hash, List<ZoneContent> zones) implements Message {
    public Snapshot {
      zones = List.copyOf(zones);
    }
  }

  /**
   * The change from {@code baseRevision} to {@code revision}: zones to put (whole, replacing the
   * old content) and zones to remove. Applies only on top of exactly {@code baseRevision}.
   */
  record Delta(
      long baseRevision,
      long revision,
      ConfigHash hash,
      List<ZoneContent> puts,
      List<Name> removals)
      implements Message {
    public Delta {
      if (revision <= baseRevision) {
        throw new IllegalArgumentException(
            "delta must move forward: " + baseRevision + " -> " + revision);
      }
      puts = List.copyOf(puts);
      removals = List.copyOf(removals);
    }
  }
}
