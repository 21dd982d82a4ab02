/**
 * Dynamic updates (RFC 2136) signed with TSIG (RFC 8945), accepted by the management server only.
 * Who may change what: each TSIG key of the store ({@code dev.felu.tsig}) carries an update policy
 * in the spirit of BIND's {@code update-policy}: an ordered list of {@link
 * dev.felu.update.UpdateRule}s (a zone, the names an exact name, a subtree or a pattern matches,
 * the record types), default deny. {@link dev.felu.update.UpdatePolicyService} keeps them (admins
 * only) and hands the endpoint a key's {@link dev.felu.update.UpdatePolicy}, which decides each
 * RRset an update touches. The endpoint: {@link dev.felu.update.UpdateEndpoint} (UDP/TCP on {@code
 * felu.update.port}), {@link dev.felu.update.UpdateRequests} (one request, TSIG), {@link
 * dev.felu.update.DynamicUpdateService} (one UPDATE as one felu change) and {@link
 * dev.felu.update.UpdateProcessor} (RFC 2136 §3 as plain Java). The endpoint also answers AXFR for
 * clients that list a zone from the host they update ({@link dev.felu.update.UpdateTransfers}, TSIG
 * required, the zone's transfer policy deciding). See ARCHITECTURE.md#flow-dynamic-update.
 */
package dev.felu.update;
