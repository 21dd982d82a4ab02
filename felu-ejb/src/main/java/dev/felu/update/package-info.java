/**
 * Dynamic updates (RFC 2136) signed with TSIG (RFC 8945): who may change what. Each TSIG key of the
 * store ({@code dev.felu.tsig}) carries an update policy in the spirit of BIND's {@code
 * update-policy}: an ordered list of {@link dev.felu.update.UpdateRule}s (a zone, the names an
 * exact name, a subtree or a pattern matches, the record types), default deny. {@link
 * dev.felu.update.UpdatePolicyService} keeps them (admins only) and hands the endpoint a key's
 * {@link dev.felu.update.UpdatePolicy}, which decides each RRset an update touches.
 */
package dev.felu.update;
