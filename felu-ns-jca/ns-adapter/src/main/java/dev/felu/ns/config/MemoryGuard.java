package dev.felu.ns.config;

import dev.felu.ns.zone.ZoneTable;
import dev.felu.protocol.Reply;

/**
 * Whether a configuration fits the heap, decided while its transfer arrives and before the
 * nameserver runs out of memory: the table in use and the one being built live side by side until
 * the swap, so the peak is boot + held table + new table + the zone being built, and the collector
 * wants a quarter more (docs/operations.md#sizing-the-heap).
 *
 * <p>A table's heap is estimated from what is known without touching its records: zones, records
 * and the transfer bytes that carried them. The compact zone table ({@code ZoneData}) holds a
 * record in about its transfer bytes (owner names once per name and relative to the zone, rdata as
 * wire bytes) plus a few bytes of offsets and index. Measured with {@code ZoneFootprint} (in the
 * tests: snapshot frames through a real receiver, heap in use after a full GC with the table held
 * minus before; dnsjava 3.6, JDK 17, G1): 100,000 A records 40 bytes each (37 transfer bytes);
 * 100,000 MX 62 (59); 1,000 zones × 1,000 mixed records (A, AAAA, MX, TXT, CNAME, wildcards,
 * delegations with glue) 50 (48); 320 TXT of 64,000 characters 1.02 × their transfer bytes; 10,000
 * zones of 10 records 1,302 bytes per zone. {@link #BYTES_PER_RECORD} + {@link #WIRE_PERCENT} of
 * the transfer bytes + {@link #BYTES_PER_ZONE} covers each of them (by 2 % for the TXT, by 13–24 %
 * for the others).
 *
 * <p>While a zone is built its records are still the dnsjava objects the frames decoded into,
 * gathered in RRsets: what the hash-map table held before issue 13, measured the same way at 449
 * bytes per A record, 521 per MX and 1.09 × the transfer bytes of the large TXT ({@code
 * ZoneFootprint}'s "old" column). The largest zone of a transfer adds that, by {@link
 * #BUILDING_BYTES_PER_RECORD} and {@link #BUILDING_WIRE_PERCENT}, for the moment it is built.
 */
public final class MemoryGuard {
  /** Heap per record of a built table beyond its transfer bytes: offsets, index, TTL and type. */
  static final long BYTES_PER_RECORD = 8;

  /** Heap per transfer byte of a built table, in percent: names and rdata as packed bytes. */
  static final long WIRE_PERCENT = 104;

  /** Heap per zone beyond its records: its arrays' headers, SOA copies, digest, the table entry. */
  static final long BYTES_PER_ZONE = 1024;

  /** Heap per record of a zone being built, beyond its wire bytes: the Record, its Name, RRsets. */
  static final long BUILDING_BYTES_PER_RECORD = 470;

  /** Heap per transfer byte of a zone being built, in percent. */
  static final long BUILDING_WIRE_PERCENT = 115;

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
        + percent(transferBytes, WIRE_PERCENT);
  }

  /** Estimated heap of one zone of these records while it is built, beyond its table. */
  static long buildingBytes(long records, long transferBytes) {
    return records * BUILDING_BYTES_PER_RECORD + percent(transferBytes, BUILDING_WIRE_PERCENT);
  }

  private static long percent(long bytes, long percent) {
    return bytes / 100 * percent + bytes % 100 * percent / 100;
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
