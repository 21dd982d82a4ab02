package dev.felu.web.api;

import dev.felu.zone.RecordSpec;

/**
 * The body of {@code PUT /zones/{zone}/records/{id}}: the new record, and optionally the {@code
 * version} of the record the client read (from {@link RecordView}). With a version, an edit of a
 * record someone changed meanwhile is refused with 409; without one the last writer wins, as for
 * clients older than versions.
 */
public record RecordEdit(String name, String type, Long ttl, String data, Long version) {
  RecordSpec spec() {
    return new RecordSpec(name, type, ttl, data);
  }
}
