/**
 * The audit log: every change to zones, records, nameservers, accounts and tokens records who,
 * when, from where and the before/after, in the change's own transaction. {@code RequestOrigin}
 * carries the caller from the web layer to the services.
 */
package dev.felu.audit;
