package dev.felu.web.api;

import dev.felu.zone.RecordSpec;
import java.util.List;

/** Request body for creating a zone: its name and, optionally, its first records. */
public record NewZone(String name, List<RecordSpec> records) {}
