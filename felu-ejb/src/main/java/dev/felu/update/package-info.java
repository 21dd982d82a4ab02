/**
 * Dynamic updates (RFC 2136) signed with TSIG (RFC 8945), accepted by the management server only:
 * {@link dev.felu.update.UpdateProcessor} judges one UPDATE over a zone's records (plain Java),
 * {@link dev.felu.update.DynamicUpdateService} applies its outcome as one felu change, and {@link
 * dev.felu.update.UpdateEndpoint} is the UDP/TCP boundary on {@code felu.update.port}. Which key
 * may change what is the key's update policy. See ARCHITECTURE.md#flow-dynamic-update.
 */
package dev.felu.update;
