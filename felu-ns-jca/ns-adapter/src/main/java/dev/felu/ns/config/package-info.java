/**
 * Receiving configuration from the management server: decode a frame, build the new zone table
 * aside, verify its hash, then swap it in with one reference write. A refused message leaves the
 * table as it was and the reply says why. {@link dev.felu.ns.config.MemoryGuard} refuses, while it
 * arrives, a configuration that would not fit the heap beside the table in use.
 */
package dev.felu.ns.config;
