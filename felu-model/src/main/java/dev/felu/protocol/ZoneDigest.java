package dev.felu.protocol;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * SHA-256 of one zone's content: its canonical name followed by the canonical wire form (RFC 4034
 * §6.2, TTL included) of every distinct record, sorted bytewise, so that the digest does not depend
 * on the order in which records were stored or sent.
 */
public final class ZoneDigest {
  static final int LENGTH = 32;
  private final byte[] bytes;

  private ZoneDigest(byte[] bytes) {
    this.bytes = bytes;
  }

  public static ZoneDigest of(Name zone, Collection<? extends Record> records) {
    Builder digest = new Builder(zone, records.size());
    for (Record r : records) {
      digest.add(r);
    }
    return digest.build();
  }

  /**
   * A digest built record by record, for readers that page through a zone's rows: it keeps each
   * record's canonical wire form (tens of bytes), never the records themselves.
   */
  public static Builder builder(Name zone) {
    return new Builder(zone, 16);
  }

  /** Collects canonical wire forms; {@link #build} sorts them and hashes. */
  public static final class Builder {
    private final Name zone;
    private final List<byte[]> canonical;

    private Builder(Name zone, int expected) {
      this.zone = zone;
      this.canonical = new ArrayList<>(expected);
    }

    public Builder add(Record r) {
      canonical.add(r.toWireCanonical());
      return this;
    }

    public ZoneDigest build() {
      canonical.sort(Arrays::compareUnsigned);
      MessageDigest sha = sha256();
      sha.update(zone.canonicalize().toWireCanonical());
      byte[] previous = null;
      for (byte[] rr : canonical) {
        if (previous != null && Arrays.equals(previous, rr)) {
          continue; // an RRset holds no duplicates (RFC 2181 §5)
        }
        sha.update(ByteBuffer.allocate(4).putInt(rr.length).array());
        sha.update(rr);
        previous = rr;
      }
      return new ZoneDigest(sha.digest());
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ZoneDigest d && Arrays.equals(bytes, d.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
