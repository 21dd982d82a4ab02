package dev.felu.ns.xfr;

import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A record as a transfer message writes it: owner (its uncompressed wire form), type, TTL (class
 * IN), and its rdata as a slice of bytes — for AXFR the zone table's own arrays, so a record of the
 * table goes to the wire without becoming a dnsjava object.
 */
record WireRecord(byte[] owner, int type, long ttl, byte[] data, int from, int to) {
  private static final int FIXED = 10; // type, class, TTL, RDLENGTH

  /** A dnsjava record's parts (its rdata rendered once, names uncompressed). */
  static WireRecord of(Record r) {
    byte[] wire = r.toWire(Section.ANSWER);
    int at = r.getName().length() + FIXED;
    return new WireRecord(r.getName().toWire(), r.getType(), r.getTTL(), wire, at, wire.length);
  }

  /** The owner as a name, for messages. */
  Name ownerName() {
    try {
      return new Name(owner);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a record's owner is not a name", e);
    }
  }
}
