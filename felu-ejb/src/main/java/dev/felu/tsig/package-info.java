/**
 * The TSIG key store (RFC 8945): keys made or imported by admins, their secrets sealed at rest and
 * shown once, and the zones each key may transfer.
 */
package dev.felu.tsig;
