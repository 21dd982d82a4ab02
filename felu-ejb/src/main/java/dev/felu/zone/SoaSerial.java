package dev.felu.zone;

import dev.felu.model.zone.ZoneRecord;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;

/**
 * A zone's SOA serial: read from a stored SOA row through dnsjava's {@link SOARecord}, and moved
 * forward with dnsjava's RFC 1982 arithmetic ({@link Serial}), which on wrapping from 2^32-1 goes
 * to 1, not 0 (RFC 1982 §7 warns that many implementations treat a zero serial specially; RFC 2136
 * §7.11: a primary never writes it).
 *
 * @see <a href="https://datatracker.ietf.org/doc/html/rfc1982">RFC 1982: Serial Number
 *     Arithmetic</a>
 */
final class SoaSerial {
  private SoaSerial() {}

  /**
   * The serial in one stored SOA row's data ({@code mname rname serial refresh retry expire
   * minimum}).
   *
   * @throws IllegalStateException if the data no longer parses as an SOA
   */
  static long of(String zone, String soaData) {
    if (ZoneRecord.toDnsRecord(zone, "SOA", 0, soaData) instanceof SOARecord soa) {
      return soa.getSerial();
    }
    throw new IllegalStateException("not SOA data: " + soaData);
  }

  /** The serial of a zone's stored SOA row; 0 when there is none. */
  static long of(ZoneRecord soaRow) {
    return soaRow == null ? 0L : of(soaRow.getName(), soaRow.getData());
  }

  /**
   * Moves the serial of the SOA row on after a change ({@link #afterChange}), unless the change
   * itself raised it.
   *
   * @param before the serial the row had before the change
   */
  static void moveOn(ZoneRecord soaRow, long before) {
    if (soaRow == null || !(soaRow.toDnsRecord() instanceof SOARecord soa)) {
      return;
    }
    long serial = afterChange(before, soa.getSerial());
    if (serial != soa.getSerial()) {
      soaRow.replace(
          new SOARecord(
              soa.getName(),
              soa.getDClass(),
              soa.getTTL(),
              soa.getHost(),
              soa.getAdmin(),
              serial,
              soa.getRefresh(),
              soa.getRetry(),
              soa.getExpire(),
              soa.getMinimum()));
    }
  }

  /**
   * The serial the SOA gets after a change, given the one it had before ({@code before}) and the
   * one it has now: what it has now if the change itself raised it (an operator who sets a serial
   * keeps it), otherwise one step past {@code before}, so secondaries see every change (RFC 1034
   * §4.3.5).
   */
  static long afterChange(long before, long now) {
    return Serial.compare(now, before) > 0 ? now : Serial.increment(before);
  }
}
