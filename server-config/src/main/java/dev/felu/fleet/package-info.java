/**
 * Starting and stopping a whole felu fleet on one machine: an embedded PostgreSQL, the management
 * EAR on Payara Server, and N nameservers on Payara Micro, all bound to loopback. The demo command
 * ({@code server-config/bin/felu-demo}) and the end-to-end tests use the same code.
 */
package dev.felu.fleet;
