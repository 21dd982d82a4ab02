package dev.felu.web.api;

import dev.felu.model.zone.ZoneRecord;

/**
 * A record as the API and the UI show it: absolute owner, type mnemonic, TTL, presentation data,
 * and the version an edit sends back ({@code PUT …/records/{id}} with {@code version}) so that it
 * cannot silently overwrite someone else's change.
 */
public record RecordView(Long id, String name, String type, long ttl, String data, long version) {
  public static RecordView of(ZoneRecord r) {
    return new RecordView(
        r.getId(), r.getName(), r.getType(), r.getTtl(), r.getData(), r.getVersion());
  }
}
