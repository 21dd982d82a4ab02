package dev.felu.cluster;

/**
 * This instance became the fleet's driver ({@code leads}, with its new {@code epoch}) or stopped
 * being it, fired by {@link FleetLeadership} on its own thread. Observers return quickly: whatever
 * takes time (reading the registry, connecting) runs elsewhere.
 *
 * @param why for the log: what the grid said
 */
public record LeadershipChanged(boolean leads, long epoch, String why) {}
