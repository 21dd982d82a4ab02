package dev.felu.push;

/**
 * The answer to a forced full resync ({@link PushCoordinator#resync}): it was requested; whether it
 * runs now or when the link connects.
 *
 * @param nameserver the nameserver to receive a full snapshot
 * @param headRevision the head revision when it was requested (a newer head is sent if one commits)
 * @param connected whether the link was open: the snapshot is being sent now; otherwise it is sent
 *     as soon as the link connects
 * @param detail the same, in words
 */
public record ResyncRequest(
    String nameserver, long headRevision, boolean connected, String detail) {}
