/**
 * Receiving configuration from the management server: decode a frame, build the new zone table
 * aside, verify its hash, then swap it in with one reference write. A refused message leaves the
 * table as it was and the reply says why.
 */
package dev.felu.ns.config;
