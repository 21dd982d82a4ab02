/**
 * Configuration revisions: every committed change moves the head to a new revision whose identity
 * is (revision number, {@link dev.felu.protocol.ConfigHash hash of the whole config}).
 */
package dev.felu.model.config;
