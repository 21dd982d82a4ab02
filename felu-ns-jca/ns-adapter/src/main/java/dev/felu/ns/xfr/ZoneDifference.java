package dev.felu.ns.xfr;

import java.io.IOException;
import java.util.AbstractList;
import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * One step of a zone's history: what changed from the SOA {@link #from()} to the SOA {@link #to()}
 * (RFC 1995 §4: an IXFR answer is a list of these). Deleted and added records are held packed, in
 * uncompressed wire form, and made into dnsjava records only when read, so the journal costs about
 * what the records weigh on the wire. The SOAs themselves are in neither list. Immutable.
 */
public final class ZoneDifference {
  /** Rough heap cost of one difference beside its packed records: objects, SOAs, arrays. */
  private static final int OVERHEAD = 400;

  private final SOARecord from;
  private final SOARecord to;
  private final Packed deleted;
  private final Packed added;

  ZoneDifference(SOARecord from, SOARecord to, List<Record> deleted, List<Record> added) {
    this.from = from;
    this.to = to;
    this.deleted = Packed.of(deleted);
    this.added = Packed.of(added);
  }

  public SOARecord from() {
    return from;
  }

  public SOARecord to() {
    return to;
  }

  public long fromSerial() {
    return from.getSerial();
  }

  public long toSerial() {
    return to.getSerial();
  }

  /** The records deleted, made on each call. */
  public List<Record> deleted() {
    return deleted;
  }

  /** The records added, made on each call. */
  public List<Record> added() {
    return added;
  }

  /** About what this difference holds on the heap. */
  public long sizeBytes() {
    return OVERHEAD + deleted.sizeBytes() + added.sizeBytes();
  }

  @Override
  public String toString() {
    return "ZoneDifference["
        + from.getName()
        + " "
        + fromSerial()
        + " → "
        + toSerial()
        + ", -"
        + deleted.size()
        + " +"
        + added.size()
        + "]";
  }

  /** Records one after the other in one array; record i is {@code wire[start[i], start[i+1])}. */
  private static final class Packed extends AbstractList<Record> {
    private final byte[] wire;
    private final int[] start;

    private Packed(byte[] wire, int[] start) {
      this.wire = wire;
      this.start = start;
    }

    static Packed of(List<Record> records) {
      byte[][] parts = new byte[records.size()][];
      int[] start = new int[records.size() + 1];
      int length = 0;
      for (int i = 0; i < parts.length; i++) {
        parts[i] = records.get(i).toWire(Section.ANSWER);
        start[i] = length;
        length += parts[i].length;
      }
      start[parts.length] = length;
      byte[] wire = new byte[length];
      for (int i = 0; i < parts.length; i++) {
        System.arraycopy(parts[i], 0, wire, start[i], parts[i].length);
      }
      return new Packed(wire, start);
    }

    @Override
    public Record get(int i) {
      try {
        return Record.fromWire(
            java.util.Arrays.copyOfRange(wire, start[i], start[i + 1]), Section.ANSWER);
      } catch (IOException e) {
        throw new IllegalStateException("a journal record no longer parses", e);
      }
    }

    @Override
    public int size() {
      return start.length - 1;
    }

    long sizeBytes() {
      return wire.length + 4L * start.length + 32;
    }
  }
}
