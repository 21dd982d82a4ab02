/**
 * Failures a caller can act on. Each rolls back its transaction and reaches the REST layer as
 * itself, which turns it into an RFC 9457 problem with a 4xx status.
 */
package dev.felu.problem;
