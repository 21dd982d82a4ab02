package dev.felu.protocol;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * What the management server sends to a nameserver (protocol version 2). Every message gets exactly
 * one {@link Reply}, in order; the nameserver never sends anything unasked.
 *
 * <p>A configuration travels as a <em>transfer</em>: {@link Begin}, then any number of {@link
 * ZoneChunk}s, then any number of {@link Removals}, then {@link Commit}. Chunks are numbered from 1
 * so a lost or reordered frame is noticed; each stays below {@link ProtocolCodec#MAX_FRAME}. The
 * nameserver builds the new table aside and swaps it in only at a commit whose counts and hash
 * match; anything else discards the transfer and the nameserver keeps serving what it held. The
 * sender may pipeline a whole transfer without waiting for the replies in between.
 */
public sealed interface Message {

  /** Asks the nameserver which configuration it holds. */
  record StatusRequest() implements Message {}

  /** What a transfer carries. */
  enum Kind {
    /** The whole configuration: replaces whatever the nameserver held. */
    SNAPSHOT,
    /** Zones to put (whole) and remove, on top of exactly the base revision. */
    DELTA
  }

  /**
   * Starts a transfer to {@code revision} whose whole configuration hashes to {@code hash}; any
   * transfer in progress is discarded. {@code baseRevision} matters for a delta only (a snapshot
   * carries {@link Reply#NO_REVISION}).
   */
  record Begin(Kind kind, long baseRevision, long revision, ConfigHash hash) implements Message {
    public Begin {
      if (kind == Kind.DELTA && revision <= baseRevision) {
        throw new IllegalArgumentException(
            "delta must move forward: " + baseRevision + " -> " + revision);
      }
      if (kind == Kind.SNAPSHOT && baseRevision != Reply.NO_REVISION) {
        throw new IllegalArgumentException("a snapshot has no base revision");
      }
      if (revision < 0) {
        throw new IllegalArgumentException("negative revision " + revision);
      }
    }

    public static Begin snapshot(long revision, ConfigHash hash) {
      return new Begin(Kind.SNAPSHOT, Reply.NO_REVISION, revision, hash);
    }

    public static Begin delta(long baseRevision, long revision, ConfigHash hash) {
      return new Begin(Kind.DELTA, baseRevision, revision, hash);
    }
  }

  /**
   * Part of a zone's records. {@code continued} says that more records of the same zone follow in
   * the next part (which may be in the next chunk): a zone of any size spans as many chunks as it
   * needs.
   */
  record ZonePart(Name zone, boolean continued, List<Record> records) {
    public ZonePart {
      if (!zone.isAbsolute()) {
        throw new IllegalArgumentException("zone name must be absolute: " + zone);
      }
      records = List.copyOf(records);
    }
  }

  /** Chunk number {@code sequence} (1, 2, …) of a transfer: zone parts, in order. */
  record ZoneChunk(long sequence, List<ZonePart> parts) implements Message {
    public ZoneChunk {
      parts = List.copyOf(parts);
    }
  }

  /** Chunk number {@code sequence}: zones to remove (delta only); they come after all zones. */
  record Removals(long sequence, List<Name> zones) implements Message {
    public Removals {
      zones = List.copyOf(zones);
    }
  }

  /**
   * Ends transfer chunk number {@code sequence} after the last chunk; the totals let the nameserver
   * check that nothing went missing before it swaps the new table in.
   */
  record Commit(long sequence, int zones, long records, int removals) implements Message {}
}
