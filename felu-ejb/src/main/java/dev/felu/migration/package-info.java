/**
 * Migration from an existing primary: zones pulled by AXFR (RFC 5936), optionally signed with a
 * TSIG key of the store, and imported like zone files.
 */
package dev.felu.migration;
