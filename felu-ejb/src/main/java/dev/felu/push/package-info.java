/**
 * Getting every committed revision onto every nameserver. {@link dev.felu.push.PushCoordinator} is
 * the container façade: it syncs every nameserver right after a commit and, every 5 seconds, checks
 * each and repairs what is behind (deltas, or a full snapshot). The work is done by {@link
 * dev.felu.push.LinkRegistry} (the links, reconciled with the registry), {@link
 * dev.felu.push.SyncScheduler} (one coalesced sync task per link), {@link dev.felu.push.SyncSteps}
 * (one sync, plain Java) and {@link dev.felu.push.HealthChecks}. {@link
 * dev.felu.push.NameserverLink} is one authenticated WebSocket connection with request/reply.
 */
package dev.felu.push;
