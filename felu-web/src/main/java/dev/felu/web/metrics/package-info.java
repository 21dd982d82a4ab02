/**
 * MicroProfile Metrics of the management server: push latency, nameserver lag, link state and
 * failed checks per nameserver, read from the push coordinator at scrape time.
 */
package dev.felu.web.metrics;
