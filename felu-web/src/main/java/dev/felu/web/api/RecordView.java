package dev.felu.web.api;

import dev.felu.model.zone.ZoneRecord;

/**
 * A record as the API and the UI show it: absolute owner, type mnemonic, TTL, presentation data.
 */
public record RecordView(Long id, String name, String type, long ttl, String data) {
  public static RecordView of(ZoneRecord r) {
    return new RecordView(r.getId(), r.getName(), r.getType(), r.getTtl(), r.getData());
  }
}
