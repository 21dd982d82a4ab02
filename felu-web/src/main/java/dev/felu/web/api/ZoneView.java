package dev.felu.web.api;

import dev.felu.model.zone.Zone;
import java.util.List;

/**
 * A zone: its name, how many records it holds, and its records — all of them for a zone just
 * created, the first page ({@link ZonesResource#RECORDS_PAGE} in name order) for {@code GET
 * /zones/{zone}}; the rest are paged through {@code GET /zones/{zone}/records}.
 */
public record ZoneView(String name, long recordCount, List<RecordView> records) {
  /** A zone whose records are all at hand (one just created from a bounded request). */
  public static ZoneView of(Zone z) {
    return new ZoneView(
        z.getName(), z.getRecords().size(), z.getRecords().stream().map(RecordView::of).toList());
  }
}
