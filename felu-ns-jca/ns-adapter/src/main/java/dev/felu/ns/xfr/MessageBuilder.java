package dev.felu.ns.xfr;

import java.util.Arrays;
import org.xbill.DNS.Header;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Renders one transfer message record by record into a byte array, compressing names (RFC 1035
 * §4.1.4), and takes back a record that overflows the size. Names are compressed through an
 * open-addressing table of the suffixes written so far — each suffix's hash (of its lower-cased
 * labels, computed once per name from the root up) to where it starts in the message — checked
 * against the bytes already written, so a name costs one probe per label and no object. dnsjava's
 * {@code Message.toWire} compresses through a table of 17 chains, quadratic for the thousands of
 * distinct names of a 64 KiB transfer message. The longest suffix already written is pointed to, at
 * its first place, compared without regard to case (as dnsjava's {@code Name.equals}). Record data
 * is written as dnsjava renders it, except that the name ending the data of NS, CNAME, PTR and MX
 * records is compressed too (RFC 3597 §4 allows it for these types of RFC 1035, and Knot does it)
 * when it is in lower case.
 */
final class MessageBuilder {
  private static final int HEADER = 12;
  private static final int MAX_POINTER = 0x3FFF;
  private static final int FIXED = 10; // type, class, TTL, RDLENGTH
  private static final int CLASS_IN = 1;
  private static final int MAX_LABELS = 128;

  /** The most suffixes one record can add: the labels of two names. */
  private static final int PER_RECORD = 2 * MAX_LABELS;

  private final byte[] buf;
  private final int limit;
  // the suffix table: slot -> position + 1 (0: empty) and the suffix's hash
  private int[] at = new int[4096];
  private int[] hashes = new int[4096];
  private int entries;
  // slots filled by the record being written, taken back if it does not fit
  private final int[] recent = new int[PER_RECORD];
  private int recentCount;
  // one name's label starts and suffix hashes, reused
  private final int[] labelStart = new int[MAX_LABELS];
  private final int[] suffixHash = new int[MAX_LABELS];
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
    byte[] name = q.getName().toWire();
    begin();
    if (!writeName(name, 0)) {
      throw new IllegalStateException("a question does not fit the message");
    }
    u16(q.getType());
    u16(q.getDClass());
    questions++;
  }

  /**
   * Writes an answer record from its parts if it fits; returns false, with the message as before,
   * if it does not. The owner name is compressed, and the name ending the data of the RFC 1035
   * types that have one.
   */
  boolean answer(WireRecord r) {
    int start = pos;
    begin();
    int length = r.to() - r.from();
    if (!writeName(r.owner(), 0) || pos + FIXED + length > limit) {
      return undo(start);
    }
    int fixedAt = pos;
    putU16(pos, r.type());
    putU16(pos + 2, CLASS_IN);
    putU16(pos + 4, (int) (r.ttl() >>> 16));
    putU16(pos + 6, (int) r.ttl());
    pos += FIXED;
    int skip = nameOffset(r.type());
    if (skip < 0 || !isLowerCaseName(r.data(), r.from() + skip, r.to())) {
      System.arraycopy(r.data(), r.from(), buf, pos, length);
      pos += length;
    } else {
      // a well-known type whose data ends in one name (RFC 1035): compressed, as Knot does
      System.arraycopy(r.data(), r.from(), buf, pos, skip);
      pos += skip;
      if (!writeName(r.data(), r.from() + skip)) {
        return undo(start);
      }
    }
    putU16(fixedAt + 8, pos - fixedAt - FIXED);
    answers++;
    return true;
  }

  /** Starts a record: the table has room for all it may add, and nothing of it is recent. */
  private void begin() {
    recentCount = 0;
    if ((entries + PER_RECORD) * 2 > at.length) {
      grow();
    }
  }

  private boolean undo(int start) {
    // the latest entries first: with linear probing, emptying the slot of the latest entry
    // cuts no other entry's probe sequence
    for (int i = recentCount - 1; i >= 0; i--) {
      at[recent[i]] = 0;
      entries--;
    }
    recentCount = 0;
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
   * True when a name fills {@code data[from, to)} exactly and has no upper case letter (a pointer
   * would lend it the case of the name it points to: such a name is kept uncompressed).
   */
  private static boolean isLowerCaseName(byte[] data, int from, int to) {
    int i = from;
    int labels = 0;
    while (i < to) {
      int label = data[i] & 0xFF;
      if (label == 0) {
        break;
      }
      if (label > 63 || ++labels >= MAX_LABELS) {
        return false;
      }
      for (int j = i + 1; j <= i + label && j < to; j++) {
        if (data[j] >= 'A' && data[j] <= 'Z') {
          return false;
        }
      }
      i += label + 1;
    }
    return i == to - 1;
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

  /**
   * Writes the uncompressed wire name starting at {@code name[from]}, pointing to the longest
   * suffix already in the message; false when it does not fit.
   */
  private boolean writeName(byte[] name, int from) {
    int labels = 0;
    for (int i = from; name[i] != 0; i += (name[i] & 0xFF) + 1) {
      labelStart[labels++] = i;
    }
    int h = 0;
    for (int k = labels - 1; k >= 0; k--) {
      h = hash(h, name, labelStart[k]);
      suffixHash[k] = h;
    }
    for (int k = 0; k < labels; k++) {
      int found = find(suffixHash[k], name, labelStart[k]);
      if (found >= 0) {
        if (pos + 2 > limit) {
          return false;
        }
        putU16(pos, 0xC000 | found);
        pos += 2;
        return true;
      }
      int length = (name[labelStart[k]] & 0xFF) + 1;
      if (pos + length > limit) {
        return false;
      }
      if (pos <= MAX_POINTER) {
        insert(suffixHash[k], pos);
      }
      System.arraycopy(name, labelStart[k], buf, pos, length);
      pos += length;
    }
    if (pos + 1 > limit) {
      return false;
    }
    buf[pos++] = 0;
    return true;
  }

  /** The hash of the label at {@code name[i]} before a suffix of hash {@code h}, case folded. */
  private static int hash(int h, byte[] name, int i) {
    int end = i + (name[i] & 0xFF);
    h = h * 31 + name[i];
    for (int j = i + 1; j <= end; j++) {
      h = h * 31 + lower(name[j]);
    }
    return h;
  }

  private static int slotOf(int hash, int mask) {
    int h = hash * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }

  /** Where the suffix at {@code name[i]} of hash {@code h} starts in the message, or -1. */
  private int find(int h, byte[] name, int i) {
    int mask = at.length - 1;
    for (int s = slotOf(h, mask); at[s] != 0; s = (s + 1) & mask) {
      if (hashes[s] == h && sameName(name, i, at[s] - 1)) {
        return at[s] - 1;
      }
    }
    return -1;
  }

  private void insert(int h, int position) {
    int mask = at.length - 1;
    int s = slotOf(h, mask);
    while (at[s] != 0) {
      s = (s + 1) & mask;
    }
    at[s] = position + 1;
    hashes[s] = h;
    entries++;
    recent[recentCount++] = s;
  }

  private void grow() {
    int[] oldAt = at;
    int[] oldHashes = hashes;
    at = new int[oldAt.length * 2];
    hashes = new int[oldAt.length * 2];
    int mask = at.length - 1;
    for (int i = 0; i < oldAt.length; i++) {
      if (oldAt[i] != 0) {
        int s = slotOf(oldHashes[i], mask);
        while (at[s] != 0) {
          s = (s + 1) & mask;
        }
        at[s] = oldAt[i];
        hashes[s] = oldHashes[i];
      }
    }
  }

  /**
   * Whether the uncompressed name at {@code name[i]} equals, without regard to case, the name
   * written at {@code buf[p]} (following its pointers).
   */
  private boolean sameName(byte[] name, int i, int p) {
    while (true) {
      int b = buf[p] & 0xFF;
      if (b >= 0xC0) {
        p = ((b & 0x3F) << 8) | (buf[p + 1] & 0xFF);
        continue;
      }
      int length = name[i] & 0xFF;
      if (b != length) {
        return false;
      }
      if (length == 0) {
        return true;
      }
      for (int j = 1; j <= length; j++) {
        if (lower(name[i + j]) != lower(buf[p + j])) {
          return false;
        }
      }
      i += length + 1;
      p += length + 1;
    }
  }

  private static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
  }

  private void u16(int v) {
    if (pos + 2 > limit) {
      throw new IllegalStateException("a question does not fit the message");
    }
    putU16(pos, v);
    pos += 2;
  }

  private void putU16(int offset, int v) {
    buf[offset] = (byte) (v >>> 8);
    buf[offset + 1] = (byte) v;
  }
}
