/**
 * Config revisions on the management side: every committed change locks the head, advances it with
 * the incrementally updated hash, records the revision and the zones it changed in the revision
 * log, and (after commit) announces it with a {@link dev.felu.config.ConfigChanged} event. {@link
 * dev.felu.config.TransferReader} streams what a nameserver misses (a delta from its revision, or
 * everything) from one consistent database snapshot; {@link dev.felu.config.RevisionLog} compacts
 * the log.
 */
package dev.felu.config;
