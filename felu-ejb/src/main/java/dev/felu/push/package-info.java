/**
 * Getting every committed revision onto every nameserver. {@link dev.felu.push.PushCoordinator}
 * pushes deltas right after commit and, every 5 seconds, checks each nameserver and repairs what is
 * behind (deltas, or a full snapshot). {@link dev.felu.push.NameserverLink} is one authenticated
 * WebSocket connection with strict request/reply.
 */
package dev.felu.push;
