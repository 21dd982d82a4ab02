package dev.felu.zone;

import java.util.List;

/**
 * What importing a zone file would change (or changed): records in presentation form ({@code
 * www.example.test. 300 IN A 192.0.2.1}). The zone's SOA is never replaced by an import: its serial
 * is felu's to manage, so an SOA in the file is reported in {@code ignored}.
 *
 * @param added records in the file that the zone does not hold
 * @param removed records the zone holds that the file does not (never the SOA)
 * @param unchanged how many records are the same in both
 * @param ignored lines of the file left out, with why
 */
public record ZoneImport(
    List<String> added, List<String> removed, int unchanged, List<String> ignored) {
  public boolean changesNothing() {
    return added.isEmpty() && removed.isEmpty();
  }
}
