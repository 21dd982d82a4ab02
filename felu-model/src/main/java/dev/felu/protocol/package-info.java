/**
 * The management-to-nameserver wire protocol, shared by both sides.
 *
 * <p>The management server sends {@link dev.felu.protocol.Message messages} (status request, full
 * snapshot or delta transfers cut into bounded chunks by {@link dev.felu.protocol.TransferWriter});
 * the nameserver answers each one with a {@link dev.felu.protocol.Reply} and never speaks unasked.
 * Records travel in DNS wire format inside binary WebSocket frames, so the nameserver decodes them
 * with the same parser it uses for queries. A configuration is identified by its revision and its
 * {@link dev.felu.protocol.ConfigHash}, which both sides compute the same way, incrementally, from
 * per-zone {@link dev.felu.protocol.ZoneDigest digests}.
 */
package dev.felu.protocol;
