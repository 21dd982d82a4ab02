/**
 * Bounds on what callers send: request body and zone-file sizes, record counts. The web layer
 * refuses a body over its bound before reading it; the services check again what reaches them by
 * other ways (the UI's forms).
 */
package dev.felu.input;
