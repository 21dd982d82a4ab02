package dev.felu.zone;

import dev.felu.model.zone.Zone;
import dev.felu.model.zone.ZoneRecord;
import java.util.stream.Collectors;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * How a record is written where people read it: audit entries ({@link #line}, {@link #subject}),
 * revision summaries and refusals ({@link #describe}).
 */
final class RecordText {
  private RecordText() {}

  /** A stored record in presentation form, as the audit log keeps it. */
  static String line(ZoneRecord r) {
    return line(r.getName(), r.getTtl(), r.getType(), r.getData());
  }

  /** {@link #line(ZoneRecord)} from a row's columns. */
  static String line(Object name, Object ttl, Object type, Object data) {
    return name + " " + ttl + " IN " + type + " " + data;
  }

  /** What an audit entry of one record is about: its id, owner and type. */
  static String subject(ZoneRecord r) {
    return subject(r.getId(), r.getName(), r.getType());
  }

  /** {@link #subject(ZoneRecord)} from a row's columns. */
  static String subject(Object id, Object name, Object type) {
    return id + " " + name + " " + type;
  }

  /** Every record of a loaded zone, one {@link #line} each. */
  static String all(Zone zone) {
    return zone.getRecords().stream().map(RecordText::line).collect(Collectors.joining("\n"));
  }

  /** Owner, type and data: a record as a summary or a refusal names it. */
  static String describe(Record r) {
    return r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString();
  }
}
