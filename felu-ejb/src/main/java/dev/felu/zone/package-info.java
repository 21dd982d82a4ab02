/**
 * Editing zones and records. {@code ZoneService} is the façade the web layer calls, one transaction
 * per use case; behind it {@code ZoneQueries} reads, {@code ZoneRules} holds the record-set rules,
 * {@code ZoneImportPlan} diffs a zone file against the zone, and {@code SoaSerial} moves the
 * serial. Every change is validated by dnsjava before anything is written, keeps the SOA serial
 * moving, and commits together with a new config revision.
 */
package dev.felu.zone;
