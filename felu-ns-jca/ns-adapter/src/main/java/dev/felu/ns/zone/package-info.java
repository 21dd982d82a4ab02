/**
 * The nameserver's in-memory configuration: immutable {@link dev.felu.ns.zone.ZoneData zones}
 * gathered in an immutable {@link dev.felu.ns.zone.ZoneTable}. A new configuration is a new table,
 * swapped in with one reference write, so a query sees the old config or the new one, never a mix,
 * and never takes a lock. Each zone is held compactly, its names and record data as packed bytes,
 * and becomes dnsjava records only for what an answer carries.
 */
package dev.felu.ns.zone;
