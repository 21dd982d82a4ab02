package dev.felu.zone;

/**
 * One zone file of a bulk import, as the caller sent it: the zone it is for and its text (BIND
 * format, RFC 1035 §5).
 *
 * @param zone the zone's name as sent (with or without the trailing dot); the request field a
 *     refusal names
 * @param text the zone file
 */
public record ZoneFile(String zone, String text) {}
