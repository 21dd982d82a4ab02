package dev.felu.web.api;

import dev.felu.model.zone.Zone;
import java.util.List;

/** A zone with its records. */
public record ZoneView(String name, List<RecordView> records) {
  public static ZoneView of(Zone z) {
    return new ZoneView(z.getName(), z.getRecords().stream().map(RecordView::of).toList());
  }
}
