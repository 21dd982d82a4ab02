/**
 * The REST API under {@code /api/v1}: zones, records, nameservers and the config head, in JSON
 * (JSON-B). Errors are RFC 9457 problem documents ({@code application/problem+json}) that name the
 * offending field where there is one.
 */
package dev.felu.web.api;
