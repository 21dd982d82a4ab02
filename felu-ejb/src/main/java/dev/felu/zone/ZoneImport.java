package dev.felu.zone;

import java.util.List;

/**
 * What importing a zone file would change (or changed): how many records, and samples of them in
 * presentation form ({@code www.example.test. 300 IN A 192.0.2.1}). A file of 100,000 records would
 * make a preview of megabytes, so the lists hold at most {@link #SAMPLE} lines each (the first
 * ones: file order for {@code added}, the zone's order for {@code removed}) and {@code truncated}
 * says when any list is shorter than its count. The zone's SOA is never replaced by an import: its
 * serial is felu's to manage, so an SOA in the file is reported in {@code ignored}.
 *
 * @param added the first records in the file that the zone does not hold
 * @param removed the first records the zone holds that the file does not (never the SOA)
 * @param unchanged how many records are the same in both
 * @param ignored the first lines of the file left out, with why
 * @param addedCount how many records the import adds
 * @param removedCount how many records the import removes
 * @param ignoredCount how many lines of the file are left out
 * @param truncated whether a list holds fewer lines than its count
 */
public record ZoneImport(
    List<String> added,
    List<String> removed,
    int unchanged,
    List<String> ignored,
    int addedCount,
    int removedCount,
    int ignoredCount,
    boolean truncated) {
  /** Lines each list of a preview holds at most. */
  public static final int SAMPLE = 100;

  public ZoneImport {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    ignored = List.copyOf(ignored);
  }

  /** A complete (untruncated) summary: the counts are the lists' sizes. */
  public ZoneImport(List<String> added, List<String> removed, int unchanged, List<String> ignored) {
    this(added, removed, unchanged, ignored, added.size(), removed.size(), ignored.size(), false);
  }

  public boolean changesNothing() {
    return addedCount == 0 && removedCount == 0;
  }
}
