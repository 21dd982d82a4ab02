package dev.felu.model.zone;

import java.io.IOException;
import java.util.Locale;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Turns what a person typed (owner, type, TTL, data) into a dnsjava {@link Record}, or refuses it
 * with an {@link InvalidRecordException} naming the field that is wrong. Nothing reaches the
 * database that dnsjava cannot parse.
 */
public final class RecordInput {
  /** RFC 2181 §8: a TTL is an unsigned 31-bit value. */
  public static final long MAX_TTL = 0x7FFFFFFFL;

  /**
   * The longest record data in presentation form that a zone holds (the database column's size).
   * Longer data is refused here, as bad input, rather than failing in the database.
   */
  public static final int MAX_DATA_CHARS = 65_535;

  private RecordInput() {}

  /**
   * Resolves an owner name: {@code @} or empty is the apex, a name ending in a dot is absolute, any
   * other is relative to the zone. The result must lie inside the zone.
   */
  public static Name owner(Name zone, String text) {
    String t = text == null ? "" : text.trim();
    Name owner;
    try {
      owner = t.isEmpty() || t.equals("@") ? zone : Name.fromString(t, zone);
    } catch (TextParseException e) {
      throw new InvalidRecordException(
          "name", "invalid owner name " + Excerpt.of(t) + ": " + Excerpt.message(e));
    }
    if (!owner.subdomain(zone)) {
      throw new InvalidRecordException(
          "name", "owner name " + owner + " is not inside zone " + zone);
    }
    return owner;
  }

  public static int type(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidRecordException("type", "record type is required");
    }
    int type = Type.value(text.trim().toUpperCase(Locale.ROOT));
    if (type < 0) {
      throw new InvalidRecordException("type", "unknown record type " + Excerpt.of(text));
    }
    if (!Type.isRR(type) || type == Type.OPT) {
      throw new InvalidRecordException("type", Type.string(type) + " cannot be stored in a zone");
    }
    return type;
  }

  public static long ttl(Long ttl, long defaultTtl) {
    long value = ttl == null ? defaultTtl : ttl;
    if (value < 0 || value > MAX_TTL) {
      throw new InvalidRecordException(
          "ttl", "TTL must be between 0 and " + MAX_TTL + ", got " + value);
    }
    return value;
  }

  /**
   * Parses the record's data in presentation form (RFC 1035 §5.1), relative names resolved in the
   * zone.
   */
  public static Record record(Name zone, String owner, String type, Long ttl, String data) {
    Name name = owner(zone, owner);
    int t = type(type);
    long seconds = ttl(ttl, 3600);
    if (data == null || data.isBlank()) {
      throw new InvalidRecordException("data", "record data is required for " + Type.string(t));
    }
    if (data.length() > MAX_DATA_CHARS) {
      throw tooLong(t, data.length());
    }
    Record r;
    try {
      r = Record.fromString(name, t, DClass.IN, seconds, data.trim(), zone);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidRecordException(
          "data",
          "invalid "
              + Type.string(t)
              + " data "
              + Excerpt.of(data.trim())
              + ": "
              + Excerpt.message(e));
    }
    // what is stored is the data as dnsjava renders it, which can be longer than what was typed
    int rendered = r.rdataToString().length();
    if (rendered > MAX_DATA_CHARS) {
      throw tooLong(t, rendered);
    }
    return r;
  }

  private static InvalidRecordException tooLong(int type, int chars) {
    return new InvalidRecordException(
        "data",
        Type.string(type)
            + " data of "
            + chars
            + " characters in presentation form is too long; a record holds at most "
            + MAX_DATA_CHARS);
  }
}
