package dev.felu.zone;

import java.util.List;

/**
 * What a bulk import of zone files changes (or changed): totals, and per zone whether it is created
 * and what its import changes ({@link ZoneImport}, with at most {@link #SAMPLE} lines per list, so
 * that a preview of a thousand zones stays small).
 *
 * @param revision the revision the import made; null for a dry run or when nothing changed
 * @param zonesCreated zones that did not exist and are created
 * @param zonesChanged existing zones whose records change
 * @param zonesUnchanged existing zones the import leaves as they are
 * @param addedCount records added, over all zones (a new zone's SOA among them)
 * @param removedCount records removed, over all zones
 * @param zones per zone, in the order of the request
 */
public record BulkImport(
    Long revision,
    int zonesCreated,
    int zonesChanged,
    int zonesUnchanged,
    long addedCount,
    long removedCount,
    List<Outcome> zones) {
  /** Lines each list of a zone's outcome holds at most. */
  public static final int SAMPLE = 10;

  public BulkImport {
    zones = List.copyOf(zones);
  }

  /**
   * One zone's part.
   *
   * @param zone the zone's name as stored ({@code example.test.})
   * @param created whether the import creates it
   * @param changes what its records do
   */
  public record Outcome(String zone, boolean created, ZoneImport changes) {}
}
