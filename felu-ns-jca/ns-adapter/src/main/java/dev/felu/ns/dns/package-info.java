/**
 * DNS over UDP and TCP: the {@link dev.felu.ns.dns.Responder} that turns a query into an answer
 * from the current zone table, and the listeners that own the sockets. Listeners never die on bad
 * input: every packet is answered or dropped, and the loop goes on.
 */
package dev.felu.ns.dns;
