package dev.felu.ns.xfr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Header;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Renders one transfer message record by record into a byte array, compressing owner names (RFC
 * 1035 §4.1.4) through a hash map of the suffixes written so far, and takes back a record that
 * overflows the size. dnsjava's {@code Message.toWire} compresses through a table of 17 chains,
 * which for the thousands of distinct names of a 64 KiB transfer message makes rendering quadratic;
 * here each name costs one lookup per label. Record data is written as dnsjava renders it, except
 * that the name ending the data of NS, CNAME, PTR and MX records is compressed too (RFC 3597 §4
 * allows it for these types of RFC 1035, and Knot does it) when it is in lower case.
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
   * Writes an answer record from its parts if it fits; returns false, with the message as before,
   * if it does not. The owner name is compressed, and the name ending the data of the RFC 1035
   * types that have one.
   */
  boolean answer(WireRecord r) {
    int start = pos;
    added.clear();
    int length = r.to() - r.from();
    if (!writeName(r.owner()) || pos + FIXED + length > limit) {
      return undo(start);
    }
    int fixedAt = pos;
    putU16(pos, r.type());
    putU16(pos + 2, CLASS_IN);
    putU16(pos + 4, (int) (r.ttl() >>> 16));
    putU16(pos + 6, (int) r.ttl());
    pos += FIXED;
    int skip = nameOffset(r.type());
    Name target = skip < 0 ? null : lowerCaseName(r.data(), r.from() + skip, r.to());
    if (target == null) {
      System.arraycopy(r.data(), r.from(), buf, pos, length);
      pos += length;
    } else {
      // a well-known type whose data ends in one name (RFC 1035): compressed, as Knot does
      System.arraycopy(r.data(), r.from(), buf, pos, skip);
      pos += skip;
      if (!writeName(target)) {
        return undo(start);
      }
    }
    putU16(fixedAt + 8, pos - fixedAt - FIXED);
    answers++;
    return true;
  }

  private boolean undo(int start) {
    for (Name n : added) {
      suffixes.remove(n);
    }
    pos = start;
    return false;
  }

  /**
   * Where the one name at the end of a record's data starts, for the types RFC 1035 defines with a
   * compressible name there (NS, CNAME, PTR: the whole data; MX: after the preference); -1 else.
   */
  private static int nameOffset(int type) {
    return switch (type) {
      case Type.NS, Type.CNAME, Type.PTR -> 0;
      case Type.MX -> 2;
      default -> -1;
    };
  }

  /**
   * The name that fills {@code data[from, to)} exactly, or null when it does not, or has an upper
   * case letter (a pointer would lend it the case of the name it points to: kept uncompressed).
   */
  private static Name lowerCaseName(byte[] data, int from, int to) {
    int i = from;
    while (i < to) {
      int label = data[i] & 0xFF;
      if (label == 0) {
        break;
      }
      if (label > 63) {
        return null;
      }
      for (int j = i + 1; j <= i + label && j < to; j++) {
        if (data[j] >= 'A' && data[j] <= 'Z') {
          return null;
        }
      }
      i += label + 1;
    }
    if (i != to - 1) {
      return null;
    }
    try {
      return new Name(new DNSInput(java.util.Arrays.copyOfRange(data, from, to)));
    } catch (java.io.IOException e) {
      return null;
    }
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
