/**
 * Editing zones and records. Every change is validated by dnsjava before anything is written, keeps
 * the SOA serial moving, and commits together with a new config revision.
 */
package dev.felu.zone;
