/**
 * Plain-Java measurement shared by the nameserver and the management server: lock-free fixed-bucket
 * histograms that the MicroProfile Metrics layer of each side exports in Prometheus form. Kept free
 * of any container API so that the DNS query path can record into them.
 */
package dev.felu.metrics;
