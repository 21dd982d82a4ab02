package dev.felu.zone;

/**
 * The orders a zone's records are paged in. Each breaks ties by owner name, type and id, so a page
 * boundary is stable and every record shows up on exactly one page.
 */
public enum RecordSort {
  NAME("r.name"),
  TYPE("r.type"),
  TTL("r.ttl"),
  DATA("r.data");

  private final String path;

  RecordSort(String path) {
    this.path = path;
  }

  /** The JPQL ORDER BY clause (alias {@code r}) for this sort. */
  String orderBy(boolean descending) {
    String direction = descending ? " DESC" : " ASC";
    return " ORDER BY " + path + direction + ", r.name" + direction + ", r.type, r.id";
  }
}
