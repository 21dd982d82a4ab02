package dev.felu.protocol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Cuts one transfer into bounded frames as the content is produced: the caller opens zones, adds
 * records one by one (a zone may have millions) and lists removals; this class hands {@link
 * Message}s to a consumer as soon as a chunk is full, so neither side ever holds more than one
 * chunk of encoded data. Sequence numbers and the totals of the {@link Message.Commit} are kept
 * here, so every sender numbers and counts the same way.
 *
 * <p>A chunk closes at about {@link #TARGET_CHUNK_BYTES} of record data or at {@link
 * #MAX_CHUNK_RECORDS} records, whichever comes first. Not thread-safe; one per transfer.
 */
public final class TransferWriter {
  /** About 1 MiB of records per chunk: well below {@link ProtocolCodec#MAX_FRAME}. */
  public static final int TARGET_CHUNK_BYTES = 1024 * 1024;

  public static final int MAX_CHUNK_RECORDS = 16_384;

  /** Removed zone names per chunk (at most 255 bytes each: ≤ 1 MiB). */
  public static final int MAX_CHUNK_REMOVALS = 4_096;

  private final Consumer<Message> out;
  private final Message.Begin begin;
  private final int targetBytes;
  private final int maxRecords;

  private long sequence;
  private final List<Message.ZonePart> parts = new ArrayList<>();
  private final List<Name> removals = new ArrayList<>();
  private Name openZone;
  private List<Record> openRecords;
  private int chunkBytes;
  private int chunkRecords;
  private int zoneCount;
  private long recordCount;
  private int removalCount;
  private boolean committed;
  private boolean policySent;

  /** Sends {@code begin} at once; everything else follows as it is added. */
  public TransferWriter(Message.Begin begin, Consumer<Message> out) {
    this(begin, out, TARGET_CHUNK_BYTES, MAX_CHUNK_RECORDS);
  }

  /** With other chunk limits, for tests that want many small chunks. */
  public TransferWriter(
      Message.Begin begin, Consumer<Message> out, int targetBytes, int maxRecords) {
    if (targetBytes < 1 || maxRecords < 1 || maxRecords > ProtocolCodec.MAX_RECORDS_PER_FRAME) {
      throw new IllegalArgumentException("chunk limits out of range");
    }
    this.begin = begin;
    this.out = out;
    this.targetBytes = Math.min(targetBytes, TARGET_CHUNK_BYTES * 2);
    this.maxRecords = maxRecords;
    out.accept(begin);
  }

  /** A whole small transfer as its list of messages, Begin to Commit (tests, small deltas). */
  public static List<Message> messages(
      Message.Begin begin, Collection<ZoneContent> zones, Collection<Name> removals) {
    List<Message> out = new ArrayList<>();
    TransferWriter w = new TransferWriter(begin, out::add);
    zones.forEach(w::zone);
    removals.forEach(w::removal);
    w.commit();
    return out;
  }

  public Message.Begin begin() {
    return begin;
  }

  /** Opens a zone; its records follow with {@link #record}, then {@link #endZone}. */
  public void startZone(Name zone) {
    checkOpen();
    if (openZone != null) {
      throw new IllegalStateException("zone " + openZone + " is still open");
    }
    if (!removals.isEmpty() || removalCount > 0 || policySent) {
      throw new IllegalStateException("zones must come before removals and the policy");
    }
    openZone = zone;
    openRecords = new ArrayList<>();
  }

  public void record(Record r) {
    if (openZone == null) {
      throw new IllegalStateException("no zone is open");
    }
    openRecords.add(r);
    chunkRecords++;
    recordCount++;
    chunkBytes += r.getName().length() + 10 + r.rdataToWireCanonical().length;
    if (chunkRecords >= maxRecords || chunkBytes >= targetBytes) {
      parts.add(new Message.ZonePart(openZone, true, openRecords));
      openRecords = new ArrayList<>();
      flushZones();
    }
  }

  public void endZone() {
    if (openZone == null) {
      throw new IllegalStateException("no zone is open");
    }
    parts.add(new Message.ZonePart(openZone, false, openRecords));
    chunkBytes += openZone.length() + 9;
    zoneCount++;
    openZone = null;
    openRecords = null;
    if (chunkBytes >= targetBytes || parts.size() >= maxRecords) {
      flushZones();
    }
  }

  /** A whole zone at once. */
  public void zone(ZoneContent zone) {
    startZone(zone.name());
    zone.records().forEach(this::record);
    endZone();
  }

  /** A zone the receiver must no longer serve (deltas only). */
  public void removal(Name zone) {
    checkOpen();
    if (begin.kind() != Message.Kind.DELTA) {
      throw new IllegalStateException("a snapshot removes nothing");
    }
    if (openZone != null) {
      throw new IllegalStateException("zone " + openZone + " is still open");
    }
    if (policySent) {
      throw new IllegalStateException("removals must come before the policy");
    }
    flushZones();
    removals.add(zone);
    removalCount++;
    if (removals.size() >= MAX_CHUNK_REMOVALS) {
      flushRemovals();
    }
  }

  /**
   * Sends the whole zone-transfer policy, after the zones and removals, cut into parts of at most
   * about {@link #TARGET_CHUNK_BYTES}; an empty policy is still one part (the nameserver then
   * allows no transfer). Call at most once, just before {@link #commit}.
   */
  public void policy(List<Message.PolicyKey> keys, List<Message.ZonePolicy> zones) {
    checkOpen();
    if (openZone != null) {
      throw new IllegalStateException("zone " + openZone + " is still open");
    }
    if (policySent) {
      throw new IllegalStateException("the policy was already sent");
    }
    flushZones();
    flushRemovals();
    policySent = true;
    List<Message.PolicyKey> keyPart = new ArrayList<>();
    List<Message.ZonePolicy> zonePart = new ArrayList<>();
    int bytes = 0;
    boolean sent = false;
    for (Message.PolicyKey k : keys) {
      keyPart.add(k);
      bytes += k.name().length() + k.algorithm().length() + k.secret().length + 2;
      if (bytes >= TARGET_CHUNK_BYTES) {
        out.accept(new Message.TransferPolicy(++sequence, keyPart, List.of()));
        keyPart = new ArrayList<>();
        bytes = 0;
        sent = true;
      }
    }
    for (Message.ZonePolicy z : zones) {
      zonePart.add(z);
      bytes += z.zone().length() + 8;
      for (String n : z.networks()) {
        bytes += n.length() + 2;
      }
      for (Name k : z.keys()) {
        bytes += k.length();
      }
      for (Message.NotifyTarget t : z.secondaries()) {
        bytes += t.address().length() + 5 + (t.key() == null ? 0 : t.key().length());
      }
      if (bytes >= TARGET_CHUNK_BYTES) {
        out.accept(new Message.TransferPolicy(++sequence, keyPart, zonePart));
        keyPart = new ArrayList<>();
        zonePart = new ArrayList<>();
        bytes = 0;
        sent = true;
      }
    }
    if (!sent || !keyPart.isEmpty() || !zonePart.isEmpty()) {
      out.accept(new Message.TransferPolicy(++sequence, keyPart, zonePart));
    }
  }

  /** Sends what is left and the commit; returns the commit. */
  public Message.Commit commit() {
    checkOpen();
    if (openZone != null) {
      throw new IllegalStateException("zone " + openZone + " is still open");
    }
    flushZones();
    flushRemovals();
    committed = true;
    Message.Commit c = new Message.Commit(++sequence, zoneCount, recordCount, removalCount);
    out.accept(c);
    return c;
  }

  /** Frames sent so far, Begin included. */
  public long frames() {
    return sequence + 1;
  }

  public int zoneCount() {
    return zoneCount;
  }

  public long recordCount() {
    return recordCount;
  }

  public int removalCount() {
    return removalCount;
  }

  private void flushZones() {
    if (parts.isEmpty()) {
      return;
    }
    Message.ZoneChunk chunk = new Message.ZoneChunk(++sequence, parts);
    parts.clear();
    chunkBytes = 0;
    chunkRecords = 0;
    out.accept(chunk);
  }

  private void flushRemovals() {
    if (removals.isEmpty()) {
      return;
    }
    Message.Removals chunk = new Message.Removals(++sequence, removals);
    removals.clear();
    out.accept(chunk);
  }

  private void checkOpen() {
    if (committed) {
      throw new IllegalStateException("transfer already committed");
    }
  }
}
