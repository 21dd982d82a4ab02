package dev.felu.ns.xfr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Header;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Renders one transfer message record by record into a byte array, compressing owner names (RFC
 * 1035 §4.1.4) through a hash map of the suffixes written so far, and takes back a record that
 * overflows the size. dnsjava's {@code Message.toWire} compresses through a table of 17 chains,
 * which for the thousands of distinct names of a 64 KiB transfer message makes rendering quadratic;
 * here each name costs one lookup per label. Record data is written as dnsjava renders it
 * uncompressed (RFC 3597 §4 lets a server compress names in the data of the old types, never
 * obliges it).
 */
final class MessageBuilder {
  private static final int HEADER = 12;
  private static final int MAX_POINTER = 0x3FFF;
  private static final int FIXED = 10; // type, class, TTL, RDLENGTH
  private static final int CLASS_IN = 1;

  private final byte[] buf;
  private final int limit;
  private final Map<Name, Integer> suffixes = new HashMap<>();
  private final List<Name> added = new ArrayList<>();
  private int pos = HEADER;
  private int questions;
  private int answers;

  /**
   * @param limit the most bytes the message may have (the caller keeps room for what it appends
   *     after: OPT, TSIG)
   */
  MessageBuilder(int limit) {
    this.limit = limit;
    this.buf = new byte[limit];
  }

  /** Writes the question; it always fits a message of {@link TransferMessages#MIN_MESSAGE}. */
  void question(Record q) {
    writeName(q.getName());
    u16(q.getType());
    u16(q.getDClass());
    questions++;
    added.clear();
  }

  /**
   * Writes an answer record if it fits; returns false, with the message as before, if it does not.
   */
  boolean answer(Record r) {
    int start = pos;
    added.clear();
    byte[] wire = r.toWire(Section.ANSWER); // owner uncompressed, then type … rdata
    int fixed = r.getName().length();
    if (!writeName(r.getName()) || pos + wire.length - fixed > limit) {
      for (Name n : added) {
        suffixes.remove(n);
      }
      pos = start;
      return false;
    }
    System.arraycopy(wire, fixed, buf, pos, wire.length - fixed);
    pos += wire.length - fixed;
    answers++;
    return true;
  }

  /** As {@link #answer(Record)}, from a record's parts: nothing is rendered but the owner. */
  boolean answer(WireRecord r) {
    int start = pos;
    added.clear();
    int length = r.to() - r.from();
    if (!writeName(r.owner()) || pos + FIXED + length > limit) {
      for (Name n : added) {
        suffixes.remove(n);
      }
      pos = start;
      return false;
    }
    putU16(pos, r.type());
    putU16(pos + 2, CLASS_IN);
    putU16(pos + 4, (int) (r.ttl() >>> 16));
    putU16(pos + 6, (int) r.ttl());
    putU16(pos + 8, length);
    System.arraycopy(r.data(), r.from(), buf, pos + FIXED, length);
    pos += FIXED + length;
    answers++;
    return true;
  }

  int answers() {
    return answers;
  }

  /** The message: {@code header}'s id, flags and opcode, with the counts of what was written. */
  byte[] toWire(Header header) {
    byte[] h = header.toWire();
    System.arraycopy(h, 0, buf, 0, 4);
    putU16(4, questions);
    putU16(6, answers);
    putU16(8, 0);
    putU16(10, 0);
    return Arrays.copyOf(buf, pos);
  }

  private boolean writeName(Name name) {
    int labels = name.labels();
    for (int i = 0; i < labels - 1; i++) {
      Name suffix = i == 0 ? name : new Name(name, i);
      Integer at = suffixes.get(suffix);
      if (at != null) {
        if (pos + 2 > limit) {
          return false;
        }
        u16(0xC000 | at);
        return true;
      }
      if (pos <= MAX_POINTER) {
        suffixes.put(suffix, pos);
        added.add(suffix);
      }
      byte[] label = labelOf(name, i);
      if (pos + label.length > limit) {
        return false;
      }
      System.arraycopy(label, 0, buf, pos, label.length);
      pos += label.length;
    }
    if (pos + 1 > limit) {
      return false;
    }
    buf[pos++] = 0;
    return true;
  }

  /** Label i of the name as on the wire: its length byte, then its bytes. */
  private static byte[] labelOf(Name name, int i) {
    byte[] label = name.getLabel(i);
    return label;
  }

  private void u16(int v) {
    if (pos + 2 > limit) {
      throw new IllegalStateException("a question does not fit the message");
    }
    putU16(pos, v);
    pos += 2;
  }

  private void putU16(int at, int v) {
    buf[at] = (byte) (v >>> 8);
    buf[at + 1] = (byte) v;
  }
}
