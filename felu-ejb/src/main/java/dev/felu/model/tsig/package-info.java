/**
 * TSIG keys (RFC 8945): the shared secrets felu's nameservers and peers sign zone transfers, NOTIFY
 * and updates with. The secret is stored sealed, never in clear.
 */
package dev.felu.model.tsig;
