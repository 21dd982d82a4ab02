package dev.felu.protocol;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** One zone as it travels to a nameserver: its apex name and all its records. */
public record ZoneContent(Name name, List<Record> records) {
  public ZoneContent {
    if (!name.isAbsolute()) {
      throw new IllegalArgumentException("zone name must be absolute: " + name);
    }
    records = List.copyOf(records);
  }

  public ZoneDigest digest() {
    return ZoneDigest.of(name, records);
  }
}
