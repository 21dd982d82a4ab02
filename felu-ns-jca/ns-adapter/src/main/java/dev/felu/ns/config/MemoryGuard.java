package dev.felu.ns.config;

import dev.felu.ns.zone.ZoneTable;
import dev.felu.protocol.Reply;

/**
 * Whether a configuration fits the heap, decided while its transfer arrives and before the
 * nameserver runs out of memory: the table in use and the one being built live side by side until
 * the swap, so the peak is boot + held table + new table, and the collector wants a quarter more
 * (docs/operations.md#sizing-the-heap).
 *
 * <p>A table's heap is estimated from what is known without touching its records: zones, records
 * and the transfer bytes that carried them. The constants were measured on dnsjava 3.6 / JDK 17 /
 * G1, heap in use after a full GC of tables decoded from transfer frames: 100,000 A records, 464
 * bytes each (40 wire bytes); 100,000 MX records, 536 bytes (59 wire bytes); 320 TXT records of
 * 64,000 characters, 63,541 bytes (56,038 wire bytes). {@link #BYTES_PER_RECORD} + {@link
 * #WIRE_PERCENT} of the wire bytes covers each of them (A is overestimated by about a tenth). A
 * compact zone table changes these figures: measure again ({@code felu-bench --heap-zones}).
 */
public final class MemoryGuard {
  /** Heap per record beyond its wire bytes: the Record, its Name, the RRset and map entries. */
  static final long BYTES_PER_RECORD = 470;

  /** Heap per wire byte, in percent: names and rdata as byte arrays, with object headers. */
  static final long WIRE_PERCENT = 115;

  /** Heap per zone beyond its records: its maps and sets, SOA copies, digest. */
  static final long BYTES_PER_ZONE = 512;

  /** Payara Micro with the nameserver deployed, after boot, before any configuration. */
  static final long BOOT_BYTES = 45L << 20;

  private final long heapMax;
  private final long reserved;

  /**
   * @param heapMax the most the heap may grow to ({@code -Xmx})
   * @param reserved heap in use without any zone (the server itself)
   */
  public MemoryGuard(long heapMax, long reserved) {
    if (heapMax <= 0 || reserved < 0) {
      throw new IllegalArgumentException("heap max " + heapMax + ", reserved " + reserved);
    }
    this.heapMax = heapMax;
    this.reserved = reserved;
  }

  /** The guard for this JVM: its {@code -Xmx}, and what a booted nameserver holds. */
  public static MemoryGuard ofThisJvm() {
    return new MemoryGuard(Runtime.getRuntime().maxMemory(), BOOT_BYTES);
  }

  public long heapMax() {
    return heapMax;
  }

  /** Estimated heap of zones holding these records, carried by these transfer bytes. */
  static long tableBytes(long zones, long records, long transferBytes) {
    return zones * BYTES_PER_ZONE
        + records * BYTES_PER_RECORD
        + transferBytes / 100 * WIRE_PERCENT
        + transferBytes % 100 * WIRE_PERCENT / 100;
  }

  static long tableBytes(ZoneTable t) {
    return tableBytes(t.zoneCount(), t.recordCount(), t.transferBytes());
  }

  /**
   * The heap needed while a new table of {@code newBytes} is built beside {@code held}: the server,
   * both tables, and a quarter more for the collector.
   */
  long needed(ZoneTable held, long newBytes) {
    long peak = reserved + tableBytes(held) + newBytes;
    return peak + peak / 4;
  }

  boolean fits(long needed) {
    return needed <= heapMax;
  }

  /** The refusal as the management server shows it. */
  String refusal(long revision, long needed, long keeping) {
    return Reply.NOT_ENOUGH_MEMORY
        + revision
        + ": needs ≈ "
        + mb(needed)
        + " MB, heap max "
        + mb(heapMax)
        + " MB; keeping revision "
        + keeping;
  }

  /** Mebibytes, as {@code -Xmx128m} counts them, rounded up. */
  static long mb(long bytes) {
    return (bytes + (1 << 20) - 1) >> 20;
  }
}
