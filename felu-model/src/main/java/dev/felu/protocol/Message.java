package dev.felu.protocol;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * What the management server sends to a nameserver (protocol version 2). Every message gets exactly
 * one {@link Reply}, in order; the nameserver never sends anything unasked.
 *
 * <p>A configuration travels as a <em>transfer</em>: {@link Begin}, then any number of {@link
 * ZoneChunk}s, then any number of {@link Removals}, then any number of {@link TransferPolicy} parts
 * (which together replace the whole zone-transfer policy; none: the nameserver keeps the one it
 * holds), then {@link Commit}. Chunks are numbered from 1 so a lost or reordered frame is noticed;
 * each stays below {@link ProtocolCodec#MAX_FRAME}. The nameserver builds the new table aside and
 * swaps it in only at a commit whose counts and hash match; anything else discards the transfer and
 * the nameserver keeps serving what it held. The sender may pipeline a whole transfer without
 * waiting for the replies in between.
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

  /**
   * A TSIG key (RFC 8945) as the nameservers need it to verify transfer requests. The secret is
   * held in memory only; {@link #toString()} never shows it.
   */
  record PolicyKey(Name name, Name algorithm, byte[] secret) {
    public PolicyKey {
      if (!name.isAbsolute() || !algorithm.isAbsolute()) {
        throw new IllegalArgumentException("key and algorithm names must be absolute: " + name);
      }
      if (secret.length == 0) {
        throw new IllegalArgumentException("TSIG key " + name + " has an empty secret");
      }
      secret = secret.clone();
    }

    @Override
    public byte[] secret() {
      return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PolicyKey k
          && name.equals(k.name)
          && algorithm.equals(k.algorithm)
          && java.util.Arrays.equals(secret, k.secret);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return "PolicyKey[" + name + " " + algorithm + "]";
    }
  }

  /**
   * Who may transfer one zone: unsigned requests from any of {@code networks} (CIDR text, IPv4 or
   * IPv6), and requests signed with any of {@code keys} from anywhere; and the secondaries the
   * nameservers NOTIFY (RFC 1996) when the zone changes. A zone without a policy entry may be
   * transferred by nobody and notifies nobody.
   */
  record ZonePolicy(
      Name zone, List<String> networks, List<Name> keys, List<NotifyTarget> secondaries) {
    public ZonePolicy {
      if (!zone.isAbsolute()) {
        throw new IllegalArgumentException("zone name must be absolute: " + zone);
      }
      networks = List.copyOf(networks);
      keys = List.copyOf(keys);
      secondaries = List.copyOf(secondaries);
    }

    /** Transfer rules only, nobody to notify. */
    public ZonePolicy(Name zone, List<String> networks, List<Name> keys) {
      this(zone, networks, keys, List.of());
    }
  }

  /**
   * A secondary to NOTIFY: an IP address literal (never a host name), a port, and the TSIG key to
   * sign with ({@code null}: unsigned), which must be one of the policy's keys.
   */
  record NotifyTarget(String address, int port, Name key) {
    public NotifyTarget {
      if (address == null || address.isEmpty()) {
        throw new IllegalArgumentException("a notify target needs an address");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("notify port out of range: " + port);
      }
      if (key != null && !key.isAbsolute()) {
        throw new IllegalArgumentException("key name must be absolute: " + key);
      }
    }
  }

  /**
   * Chunk number {@code sequence}: part of the zone-transfer policy (TSIG keys and per-zone rules);
   * the parts of one transfer, after its zones and removals, together replace the policy the
   * nameserver holds when the transfer commits.
   */
  record TransferPolicy(long sequence, List<PolicyKey> keys, List<ZonePolicy> zones)
      implements Message {
    public TransferPolicy {
      keys = List.copyOf(keys);
      zones = List.copyOf(zones);
    }
  }
}
