/**
 * Config revisions on the management side: every committed change locks the head, advances it with
 * the incrementally updated hash, records the revision, and (after commit) announces the delta with
 * a {@link dev.felu.config.ConfigChanged} event. {@link dev.felu.config.SnapshotReader} reads one
 * consistent whole configuration for nameservers that need everything.
 */
package dev.felu.config;
