package dev.felu.zone;

import dev.felu.account.CallerContext;
import dev.felu.model.zone.Zone;
import dev.felu.model.zone.ZoneName;
import dev.felu.model.zone.ZoneRecord;
import dev.felu.protocol.ZoneDigest;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Reads zones and records for {@link ZoneService}, in its transaction: the zone list and its pages
 * within the caller's zone scope, a zone's records paged, filtered and sorted in the database, and
 * a zone's rows read page by page for digests, imports and deletes (never the whole zone as
 * entities). Changes nothing.
 *
 * <p>Every query is fixed JPQL: the optional parts (a name filter, the scope, skipping the SOA, a
 * search, the sort) are chosen from constant fragments, and every value a caller sent is a
 * parameter, never part of the text.
 */
@Stateless
public class ZoneQueries {
  /** Rows per query when a zone is read in bulk. */
  static final int PAGE_ROWS = 2000;

  /** Zone names per query when zones are looked up by name in bulk. */
  static final int NAMES_PER_QUERY = 1000;

  @PersistenceContext EntityManager em;
  @Inject CallerContext callers;

  /** Every zone's name and record count the caller may see, in one query. */
  public List<ZoneSummary> summaries() {
    return callers.visible(
        em.createQuery(
                "SELECT NEW dev.felu.zone.ZoneSummary(z.name, COUNT(r)) FROM Zone z LEFT JOIN z.records r"
                    + " GROUP BY z.name ORDER BY z.name",
                ZoneSummary.class)
            .getResultList(),
        ZoneSummary::name);
  }

  /** Every zone the caller may see with its records, in one query. */
  public List<Zone> listWithRecords() {
    return callers.visible(
        em.createNamedQuery(Zone.ALL_WITH_RECORDS, Zone.class).getResultList(), Zone::getName);
  }

  /** See {@link ZoneService#page}. */
  public List<ZoneSummary> page(String filter, int first, int max) {
    Map<String, Object> params = new HashMap<>();
    List<String> names =
        bind(
                em.createQuery(
                    "SELECT z.name FROM Zone z" + where(filter, params) + " ORDER BY z.name",
                    String.class),
                params)
            .setFirstResult(Math.max(0, first))
            .setMaxResults(Math.max(1, max))
            .getResultList();
    if (names.isEmpty()) {
      return List.of();
    }
    Map<String, Long> counts = new HashMap<>();
    for (Object[] row :
        em.createQuery(
                "SELECT r.zone.name, COUNT(r) FROM ZoneRecord r WHERE r.zone.name IN :names"
                    + " GROUP BY r.zone.name",
                Object[].class)
            .setParameter("names", names)
            .getResultList()) {
      counts.put((String) row[0], (Long) row[1]);
    }
    return names.stream().map(n -> new ZoneSummary(n, counts.getOrDefault(n, 0L))).toList();
  }

  /** How many zones {@link #page} pages through for this filter. */
  public long count(String filter) {
    Map<String, Object> params = new HashMap<>();
    return bind(
            em.createQuery("SELECT COUNT(z) FROM Zone z" + where(filter, params), Long.class),
            params)
        .getSingleResult();
  }

  /** How many records the zones the caller may see hold, counted in the database. */
  public long recordCount() {
    Map<String, Object> params = new HashMap<>();
    String scope = callers.scopeFilter("r.zone.name", params).map(w -> " WHERE " + w).orElse("");
    return bind(em.createQuery("SELECT COUNT(r) FROM ZoneRecord r" + scope, Long.class), params)
        .getSingleResult();
  }

  /** The zone of this name, if it exists (no scope check: the service makes it). */
  public Optional<Zone> find(ZoneName name) {
    return em.createNamedQuery(Zone.BY_NAME, Zone.class)
        .setParameter("name", name.toString())
        .getResultStream()
        .findFirst();
  }

  /**
   * The zones of these names (stored form) that exist, by name, {@link #NAMES_PER_QUERY} names per
   * query (no scope check: the service makes it).
   */
  public Map<String, Zone> find(List<String> names) {
    Map<String, Zone> found = new HashMap<>();
    for (int from = 0; from < names.size(); from += NAMES_PER_QUERY) {
      em.createQuery("SELECT z FROM Zone z WHERE z.name IN :names", Zone.class)
          .setParameter(
              "names", names.subList(from, Math.min(names.size(), from + NAMES_PER_QUERY)))
          .getResultStream()
          .forEach(z -> found.put(z.getName(), z));
    }
    return found;
  }

  /** See {@link ZoneService#records}; {@code zone} is one the caller may read. */
  public List<ZoneRecord> records(
      Zone zone, RecordFilter filter, RecordSort sort, boolean descending, int first, int max) {
    Map<String, Object> params = new HashMap<>();
    return bind(
            em.createQuery(
                "SELECT r FROM ZoneRecord r"
                    + recordWhere(zone, filter, params)
                    + sort.orderBy(descending),
                ZoneRecord.class),
            params)
        .setFirstResult(Math.max(0, first))
        .setMaxResults(Math.max(1, max))
        .getResultList();
  }

  /** How many records {@link #records} pages through with this filter. */
  public long recordCount(Zone zone, RecordFilter filter) {
    Map<String, Object> params = new HashMap<>();
    return bind(
            em.createQuery(
                "SELECT COUNT(r) FROM ZoneRecord r" + recordWhere(zone, filter, params),
                Long.class),
            params)
        .getSingleResult();
  }

  /** The record by id, if it belongs to the zone (found alone, not by loading the zone). */
  public Optional<ZoneRecord> record(Zone zone, long id) {
    ZoneRecord r = em.find(ZoneRecord.class, id);
    return r != null && r.getZone().getId().equals(zone.getId())
        ? Optional.of(r)
        : Optional.empty();
  }

  /** The zone's SOA row, by a query on its stored type; null when it has none. */
  public ZoneRecord soaRow(Zone zone) {
    return em.createQuery(
            "SELECT r FROM ZoneRecord r WHERE r.zone = :zone AND r.type = 'SOA' ORDER BY r.id",
            ZoneRecord.class)
        .setParameter("zone", zone)
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  /**
   * The records at {@code owner} (compared case-insensitively) that a record-set rule weighs
   * ({@link ZoneRules#checkFits}), the row {@code except} (the one being replaced) left out.
   */
  public List<Record> recordsAt(Zone zone, Name owner, ZoneRecord except) {
    List<Record> at = new ArrayList<>();
    for (ZoneRecord other :
        em.createQuery(
                "SELECT r FROM ZoneRecord r WHERE r.zone = :zone AND LOWER(r.name) = :name",
                ZoneRecord.class)
            .setParameter("zone", zone)
            .setParameter("name", owner.toString().toLowerCase(Locale.ROOT))
            .getResultList()) {
      if (except == null || !other.getId().equals(except.getId())) {
        at.add(other.toDnsRecord());
      }
    }
    return at;
  }

  /**
   * Every stored record of the zone, {@link #PAGE_ROWS} rows per query (keyset paging by id) as
   * plain columns, never as managed entities: the heap holds one page at a time.
   */
  public void forEachRow(Zone zone, BiConsumer<Long, Record> each) {
    forEachStored(zone, row -> each.accept((Long) row[0], record(row)));
  }

  /** As {@link #forEachRow}, the columns as stored: id, name, type, ttl, data. */
  public void forEachStored(Zone zone, Consumer<Object[]> each) {
    long after = Long.MIN_VALUE;
    while (true) {
      List<Object[]> rows =
          em.createQuery(
                  "SELECT r.id, r.name, r.type, r.ttl, r.data FROM ZoneRecord r"
                      + " WHERE r.zone = :zone AND r.id > :after ORDER BY r.id",
                  Object[].class)
              .setParameter("zone", zone)
              .setParameter("after", after)
              .setMaxResults(PAGE_ROWS)
              .getResultList();
      rows.forEach(each);
      if (rows.size() < PAGE_ROWS) {
        return;
      }
      after = (Long) rows.get(rows.size() - 1)[0];
    }
  }

  /** The rows of these ids as {@link #forEachStored} gives them, {@link #PAGE_ROWS} per query. */
  public List<Object[]> rows(List<Long> ids) {
    List<Object[]> out = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += PAGE_ROWS) {
      out.addAll(
          em.createQuery(
                  "SELECT r.id, r.name, r.type, r.ttl, r.data FROM ZoneRecord r"
                      + " WHERE r.id IN :ids ORDER BY r.id",
                  Object[].class)
              .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + PAGE_ROWS)))
              .getResultList());
    }
    return out;
  }

  /** The record of a row of {@link #forEachStored}. */
  static Record record(Object[] row) {
    return ZoneRecord.toDnsRecord(
        (String) row[1], (String) row[2], ((Number) row[3]).longValue(), (String) row[4]);
  }

  /** The zone's digest as stored now, read page by page. */
  public ZoneDigest digest(Zone zone) {
    ZoneDigest.Builder digest = ZoneDigest.builder(zone.dnsName());
    forEachRow(zone, (id, r) -> digest.add(r));
    return digest.build();
  }

  /** The WHERE clause of the zone list: name filter and the caller's zone scope. */
  private String where(String filter, Map<String, Object> params) {
    List<String> where = new ArrayList<>();
    if (filter != null && !filter.isBlank()) {
      String f = filter.trim().toLowerCase(Locale.ROOT);
      where.add("z.name LIKE :filter ESCAPE '\\'");
      params.put(
          "filter", "%" + f.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }
    callers.scopeFilter("z.name", params).ifPresent(where::add);
    return where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
  }

  private static String recordWhere(Zone zone, RecordFilter filter, Map<String, Object> params) {
    StringBuilder where = new StringBuilder(" WHERE r.zone = :zone");
    params.put("zone", zone);
    if (filter.skipsSoa()) {
      where.append(" AND r.type <> 'SOA'");
    }
    if (filter.searches()) {
      where.append(
          " AND (LOWER(r.name) LIKE :search ESCAPE '\\' OR LOWER(r.type) LIKE :search ESCAPE"
              + " '\\' OR LOWER(r.data) LIKE :search ESCAPE '\\')");
      params.put("search", filter.pattern());
    }
    return where.toString();
  }

  private static <Q extends TypedQuery<?>> Q bind(Q query, Map<String, Object> params) {
    params.forEach(query::setParameter);
    return query;
  }
}
