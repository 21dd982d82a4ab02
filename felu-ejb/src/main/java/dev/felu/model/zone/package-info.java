/**
 * Zones and their records as the management server stores them: each record's data in its RFC 1035
 * presentation form, accepted only once dnsjava has parsed it ({@link
 * dev.felu.model.zone.RecordInput}).
 */
package dev.felu.model.zone;
