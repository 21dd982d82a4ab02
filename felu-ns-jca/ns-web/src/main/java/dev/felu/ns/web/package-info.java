/**
 * The nameserver's small web app: the config WebSocket endpoint that the management server connects
 * to (behind {@link dev.felu.ns.web.LinkAuthenticationFilter}), and the readiness check that load
 * balancers probe. All DNS work happens in the resource adapter.
 */
package dev.felu.ns.web;
