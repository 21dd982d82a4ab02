/**
 * The Jakarta Connectors resource adapter: it owns the DNS sockets, whose loops run on the
 * container's WorkManager (managed threads, not raw {@code new Thread}), and exposes the nameserver
 * to the web app through the {@link dev.felu.ns.adapter.NameserverControlObject} administered
 * object.
 */
package dev.felu.ns.adapter;
