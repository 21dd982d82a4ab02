package dev.felu.zone;

import dev.felu.account.Caller;
import dev.felu.account.CallerContext;
import dev.felu.audit.AuditLog;
import dev.felu.config.ConfigRevisions;
import dev.felu.input.InputLimits;
import dev.felu.input.InvalidInputException;
import dev.felu.model.config.ConfigHead;
import dev.felu.model.zone.Excerpt;
import dev.felu.model.zone.InvalidRecordException;
import dev.felu.model.zone.RecordInput;
import dev.felu.model.zone.Zone;
import dev.felu.model.zone.ZoneName;
import dev.felu.model.zone.ZoneRecord;
import dev.felu.problem.ConflictException;
import dev.felu.problem.NotFoundException;
import dev.felu.problem.PayloadTooLargeException;
import dev.felu.protocol.ZoneContent;
import dev.felu.protocol.ZoneDigest;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Zone and record use cases. Each public method is one transaction and, if it changes anything, one
 * revision and one audit entry per record touched. A caller limited to some zones (an operator's
 * grants, a token's scope) sees and edits only those; role checks happen at the boundary.
 */
@Stateless
public class ZoneService {
  @PersistenceContext EntityManager em;
  @Inject ConfigRevisions revisions;
  @Inject AuditLog audit;
  @Inject CallerContext callers;
  @Inject InputLimits limits;

  /** Every zone's name and record count, in one query. */
  public List<ZoneSummary> summaries() {
    return visible(
        em.createQuery(
                "SELECT NEW dev.felu.zone.ZoneSummary(z.name, COUNT(r)) FROM Zone z LEFT JOIN z.records r"
                    + " GROUP BY z.name ORDER BY z.name",
                ZoneSummary.class)
            .getResultList(),
        ZoneSummary::name);
  }

  /** Every zone with its records, in one query. */
  public List<Zone> listWithRecords() {
    return visible(
        em.createNamedQuery(Zone.ALL_WITH_RECORDS, Zone.class).getResultList(), Zone::getName);
  }

  /**
   * One page of the zones whose name contains {@code filter} (case-insensitive; null or blank:
   * all), in name order, with their record counts. Two queries bounded by the page size, so the
   * list stays fast with any number of zones.
   */
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

  private static <Q extends jakarta.persistence.TypedQuery<?>> Q bind(
      Q query, Map<String, Object> params) {
    params.forEach(query::setParameter);
    return query;
  }

  /**
   * The zone's name as stored ({@code example.test.}), if it exists and the caller may read it: the
   * check a streamed answer (the zone file, see {@link ZoneFileExport}) makes before it starts.
   */
  public String readableName(String name) {
    return readable(name).getName();
  }

  /**
   * One page of a zone's records, filtered and sorted in the database: {@code max} rows from {@code
   * first}, never the whole zone, so a zone of 100,000 records pages as fast as one of ten.
   */
  public List<ZoneRecord> records(
      String zone, RecordFilter filter, RecordSort sort, boolean descending, int first, int max) {
    Zone z = readable(zone);
    Map<String, Object> params = new HashMap<>();
    String where = recordWhere(z, filter, params);
    return bind(
            em.createQuery(
                "SELECT r FROM ZoneRecord r" + where + sort.orderBy(descending), ZoneRecord.class),
            params)
        .setFirstResult(Math.max(0, first))
        .setMaxResults(Math.max(1, max))
        .getResultList();
  }

  /** How many records {@link #records} pages through with this filter. */
  public long recordCount(String zone, RecordFilter filter) {
    Zone z = readable(zone);
    Map<String, Object> params = new HashMap<>();
    return bind(
            em.createQuery(
                "SELECT COUNT(r) FROM ZoneRecord r" + recordWhere(z, filter, params), Long.class),
            params)
        .getSingleResult();
  }

  /** One record of the zone as stored now, if it still exists. */
  public Optional<ZoneRecord> findRecord(String zone, long id) {
    Zone z = readable(zone);
    ZoneRecord r = em.find(ZoneRecord.class, id);
    return r != null && r.getZone().getId().equals(z.getId()) ? Optional.of(r) : Optional.empty();
  }

  /** The zone's SOA record, read alone (not by loading the zone's records). */
  public Optional<ZoneRecord> soa(String zone) {
    return Optional.ofNullable(soaRow(readable(zone)));
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

  /** The zone's SOA row, by a query on its stored type. */
  private ZoneRecord soaRow(Zone zone) {
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
   * Every stored record of the zone, {@link #PAGE_ROWS} rows per query (keyset paging by id) as
   * plain columns, never as managed entities: the heap holds one page at a time.
   */
  private void forEachRow(Zone zone, BiConsumer<Long, Record> each) {
    forEachStored(zone, row -> each.accept((Long) row[0], parse(row)));
  }

  /** As {@link #forEachRow}, the columns as stored: id, name, type, ttl, data. */
  private void forEachStored(Zone zone, java.util.function.Consumer<Object[]> each) {
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

  /** The record of a row of {@link #forEachStored}. */
  private static Record parse(Object[] row) {
    return ZoneRecord.toDnsRecord(
        (String) row[1], (String) row[2], ((Number) row[3]).longValue(), (String) row[4]);
  }

  /** The zone's digest as stored now, read page by page. */
  private ZoneDigest digest(Zone zone) {
    ZoneDigest.Builder digest = ZoneDigest.builder(zone.dnsName());
    forEachRow(zone, (id, r) -> digest.add(r));
    return digest.build();
  }

  /**
   * What importing this zone file into the zone would change; changes nothing. The file is read
   * with dnsjava's {@link Master} ({@code $ORIGIN} defaults to the zone, {@code $TTL} to 3600),
   * without {@code $INCLUDE} and within {@link InputLimits}.
   *
   * @throws InvalidRecordException with field {@code file} and the line when the file does not
   *     parse
   * @throws PayloadTooLargeException when the file or its records exceed the import limits
   */
  public ZoneImport previewImport(String name, String zoneFile) {
    Zone zone = readable(name);
    return plan(limits, zone.dnsName(), zoneFile, each -> forEachRow(zone, each)).summary();
  }

  /**
   * Makes the zone hold exactly the records of the zone file (its SOA aside, see {@link
   * ZoneImport}) as one change: one transaction, one revision, one serial step. The difference is
   * computed again here, on the zone as it is now, from the zone's rows read page by page; removed
   * rows are deleted by id in batches and new rows are flushed and let go of every {@link
   * #PAGE_ROWS}, so the heap holds the file (bounded by {@link InputLimits}) but never the zone as
   * entities. Up to {@link #AUDIT_EACH_UP_TO} records changed, each gets an audit entry; a bigger
   * import gets one entry for the zone that counts them (a log of 100,000 lines per import helps
   * nobody and would cost as much as the import).
   */
  public ZoneImport applyImport(String name, String zoneFile) {
    ConfigHead head = revisions.lock();
    Zone zone = editable(name);
    Plan plan = plan(limits, zone.dnsName(), zoneFile, each -> forEachRow(zone, each));
    ZoneImport summary = plan.summary();
    if (summary.changesNothing()) {
      return summary;
    }
    ZoneDigest before = digest(zone);
    ZoneRecord soaRow = soaRow(zone);
    long serial = serial(soaRow);
    boolean each = plan.add.size() + plan.remove.size() <= AUDIT_EACH_UP_TO;
    List<String[]> removed = each ? subjectsAndLines(plan.remove) : List.of();
    for (int from = 0; from < plan.remove.size(); from += PAGE_ROWS) {
      em.createQuery("DELETE FROM ZoneRecord r WHERE r.id IN :ids")
          .setParameter(
              "ids", plan.remove.subList(from, Math.min(plan.remove.size(), from + PAGE_ROWS)))
          .executeUpdate();
    }
    List<String[]> added = new ArrayList<>();
    List<ZoneRecord> batch = new ArrayList<>();
    for (Record r : plan.add.values()) {
      ZoneRecord row = zone.newRecord(r);
      em.persist(row);
      batch.add(row);
      if (batch.size() == PAGE_ROWS) {
        flushAndLetGo(batch, each ? added : null);
      }
    }
    flushAndLetGo(batch, each ? added : null);
    String what =
        "import zone file: " + plan.add.size() + " added, " + plan.remove.size() + " removed";
    bumpSerial(soaRow, serial);
    em.flush();
    revisions.commitDigest(
        head, zone.dnsName(), before, digest(zone), zone.getName() + ": " + what);
    if (!each) {
      audit.record(AuditLog.ZONE, "import", zone.getName(), zone.getName(), null, what);
      return summary;
    }
    for (String[] gone : removed) {
      audit.record(AuditLog.RECORD, "delete", zone.getName(), gone[0], gone[1], null);
    }
    for (String[] row : added) {
      audit.record(AuditLog.RECORD, "create", zone.getName(), row[0], null, row[1]);
    }
    return summary;
  }

  /** Writes the rows, notes them for the audit log (if {@code audited}), and detaches them. */
  private void flushAndLetGo(List<ZoneRecord> batch, List<String[]> audited) {
    em.flush();
    for (ZoneRecord row : batch) {
      if (audited != null) {
        audited.add(new String[] {subject(row), line(row)});
      }
      em.detach(row);
    }
    batch.clear();
  }

  /** Audit subject and line of rows by id, read as columns before they are deleted. */
  private List<String[]> subjectsAndLines(List<Long> ids) {
    List<String[]> out = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += PAGE_ROWS) {
      for (Object[] row :
          em.createQuery(
                  "SELECT r.id, r.name, r.type, r.ttl, r.data FROM ZoneRecord r"
                      + " WHERE r.id IN :ids ORDER BY r.id",
                  Object[].class)
              .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + PAGE_ROWS)))
              .getResultList()) {
        out.add(
            new String[] {
              row[0] + " " + row[1] + " " + row[2],
              row[1] + " " + row[3] + " IN " + row[2] + " " + row[4]
            });
      }
    }
    return out;
  }

  /**
   * How much of a deleted zone its audit entry lists (the column holds a million characters; a zone
   * of 100,000 records is several times that).
   */
  static final int AUDIT_TEXT_MAX = 500_000;

  /** Rows per query or flush when a zone is read or written in bulk. */
  static final int PAGE_ROWS = 2000;

  /** An import that changes more records than this is audited as one entry, not one per record. */
  public static final int AUDIT_EACH_UP_TO = 1000;

  /** A zone's stored records one by one, with their ids, as an import compares them. */
  @FunctionalInterface
  interface HeldRecords {
    void forEach(BiConsumer<Long, Record> each);
  }

  /**
   * The difference between a zone and a zone file, keyed by owner, TTL, type and RDATA: the file's
   * records the zone lacks (in file order) and the ids of the rows the file lacks.
   */
  static final class Plan {
    final Map<String, Record> add = new LinkedHashMap<>();
    final List<Long> remove = new ArrayList<>();
    final List<String> removedSample = new ArrayList<>();
    final List<String> ignored = new ArrayList<>();
    int ignoredCount;
    int unchanged;

    void ignore(String line) {
      if (ignoredCount++ < ZoneImport.SAMPLE) {
        ignored.add(line);
      }
    }

    ZoneImport summary() {
      List<String> added =
          add.values().stream().limit(ZoneImport.SAMPLE).map(Record::toString).toList();
      return new ZoneImport(
          added,
          removedSample,
          unchanged,
          ignored,
          add.size(),
          remove.size(),
          ignoredCount,
          added.size() < add.size()
              || removedSample.size() < remove.size()
              || ignored.size() < ignoredCount);
    }
  }

  /** {@link #plan(InputLimits, Name, String, HeldRecords)} against a zone's loaded records. */
  static Plan plan(InputLimits limits, Zone zone, String zoneFile) {
    return plan(
        limits,
        zone.dnsName(),
        zoneFile,
        each -> zone.getRecords().forEach(r -> each.accept(r.getId(), r.toDnsRecord())));
  }

  /**
   * Reads the zone file and compares it with the zone. The file never reaches beyond itself: an
   * {@code $INCLUDE} is refused (it would read the server's files), and the file's size and its
   * records (what {@code $GENERATE} expands to included) are counted against the limits as they are
   * read, so neither a large file nor a large range fills the heap.
   */
  static Plan plan(InputLimits limits, Name apex, String zoneFile, HeldRecords held) {
    Plan plan = new Plan();
    Map<String, Record> file = plan.add;
    if (zoneFile == null || zoneFile.isBlank()) {
      throw new InvalidInputException("file", "the zone file is empty");
    }
    byte[] bytes = zoneFile.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > limits.maxImportBytes()) {
      throw new PayloadTooLargeException(
          "file",
          "the zone file has "
              + bytes.length
              + " bytes; at most "
              + limits.maxImportBytes()
              + " are imported at once (felu.import.max-bytes)");
    }
    int records = 0;
    try (Master master = new Master(new ByteArrayInputStream(bytes), apex, 3600)) {
      master.disableIncludes(true);
      Record r;
      while ((r = master.nextRecord()) != null) {
        if (++records > limits.maxImportRecords()) {
          throw new PayloadTooLargeException(
              "file",
              "the zone file holds more than "
                  + limits.maxImportRecords()
                  + " records ($GENERATE counted as what it makes); that is more than is"
                  + " imported at once (felu.import.max-records)");
        }
        if (r.getDClass() != DClass.IN) {
          throw new InvalidRecordException(
              "file",
              Excerpt.of(r.toString())
                  + ": only class IN is served (not "
                  + DClass.string(r.getDClass())
                  + ")");
        }
        if (!r.getName().subdomain(apex)) {
          throw new InvalidRecordException(
              "file", Excerpt.of(r.getName().toString()) + " is outside " + apex);
        }
        // parsed again as the API parses a record, so an import accepts exactly what the editor
        // does
        Record checked =
            RecordInput.record(
                apex,
                r.getName().toString(),
                Type.string(r.getType()),
                r.getTTL(),
                r.rdataToString());
        if (checked.getType() == Type.SOA) {
          plan.ignore(checked + " (the SOA is kept: felu manages its serial)");
          continue;
        }
        file.putIfAbsent(key(checked), checked);
      }
    } catch (IOException e) {
      throw new InvalidRecordException(
          "file", "the zone file does not parse: " + Excerpt.message(e));
    }
    checkFits(apex, file.values());
    // what the zone holds and the file too is taken out of the file's records; what is left
    // there is to be added
    held.forEach(
        (id, r) -> {
          if (r.getType() == Type.SOA) {
            return;
          }
          if (file.remove(key(r)) != null) {
            plan.unchanged++;
          } else {
            plan.remove.add(id);
            if (plan.removedSample.size() < ZoneImport.SAMPLE) {
              plan.removedSample.add(r.toString());
            }
          }
        });
    return plan;
  }

  /**
   * Refuses a zone file whose records cannot be one zone's, as {@link #checkFits(Zone, Record,
   * ZoneRecord)} refuses them one at a time: the same record twice (with two TTLs), and a CNAME
   * beside other data, the apex's SOA included (RFC 1034 §3.6.2, RFC 2181 §10.1). The import makes
   * the zone hold exactly these records, so checking the file checks the zone that results.
   */
  private static void checkFits(Name apex, java.util.Collection<Record> records) {
    List<Record> byOwner = new ArrayList<>(records);
    byOwner.sort(java.util.Comparator.comparing(Record::getName));
    for (int i = 0; i < byOwner.size(); ) {
      Name owner = byOwner.get(i).getName();
      int end = i;
      while (end < byOwner.size() && byOwner.get(end).getName().equals(owner)) {
        end++;
      }
      List<Record> at = byOwner.subList(i, end);
      boolean cname = at.stream().anyMatch(r -> r.getType() == Type.CNAME);
      if (cname && (at.size() > 1 || owner.equals(apex))) {
        throw new ConflictException(
            "type",
            Excerpt.of(owner.toString()) + " cannot hold a CNAME and other data (RFC 1034 §3.6.2)");
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (Record r : at) {
        if (!seen.add(r.getType() + " " + r.rdataToString())) {
          throw new ConflictException(
              "data",
              "the zone file holds "
                  + Excerpt.of(describe(r))
                  + " twice (with two TTLs); a zone holds a record once");
        }
      }
      i = end;
    }
  }

  private static String key(Record r) {
    return r.getName().toString().toLowerCase(Locale.ROOT)
        + " "
        + r.getTTL()
        + " "
        + r.getType()
        + " "
        + r.rdataToString();
  }

  private <T> List<T> visible(List<T> all, java.util.function.Function<T, String> name) {
    Optional<Caller> caller = callers.current();
    if (caller.isEmpty() || !caller.get().scoped()) {
      return all;
    }
    return all.stream().filter(z -> caller.get().canRead(name.apply(z))).toList();
  }

  public Zone get(String name) {
    ZoneName zoneName = ZoneName.of(name);
    return em.createNamedQuery(Zone.BY_NAME, Zone.class)
        .setParameter("name", zoneName.toString())
        .getResultStream()
        .findFirst()
        .orElseThrow(() -> new NotFoundException("zone " + zoneName + " does not exist"));
  }

  /** Loads a zone with its records for display, detached from the persistence context. */
  public Zone getWithRecords(String name) {
    Zone z = get(name);
    callers.requireRead(z.getName());
    z.getRecords().size();
    return z;
  }

  /**
   * Creates a zone with the given records. Without an SOA among them a default one is made (primary
   * {@code ns1.<zone>}, serial 1, negative TTL 300).
   */
  public Zone create(String name, List<RecordSpec> records) {
    callers.requireCreateOrDelete();
    ConfigHead head = revisions.lock();
    ZoneName zoneName = ZoneName.of(name);
    Name apex = zoneName.name();
    if (!em.createNamedQuery(Zone.BY_NAME, Zone.class)
        .setParameter("name", zoneName.toString())
        .getResultList()
        .isEmpty()) {
      throw new ConflictException("name", "zone " + zoneName + " already exists");
    }
    Zone zone = new Zone(apex);
    boolean hasSoa = false;
    for (RecordSpec spec : records == null ? List.<RecordSpec>of() : records) {
      Record r = parse(apex, spec);
      checkFits(zone, r, null);
      hasSoa |= r.getType() == Type.SOA;
      zone.add(r);
    }
    if (!hasSoa) {
      zone.add(defaultSoa(apex));
    }
    em.persist(zone);
    revisions.commit(head, apex, null, content(zone), "create zone " + zoneName);
    audit.record(AuditLog.ZONE, "create", zone.getName(), zone.getName(), null, all(zone));
    return zone;
  }

  public void delete(String name) {
    callers.requireCreateOrDelete();
    ConfigHead head = revisions.lock();
    Zone zone = get(name);
    StringBuilder was = new StringBuilder();
    int[] unlisted = {0};
    ZoneDigest.Builder digest = ZoneDigest.builder(zone.dnsName());
    forEachStored(
        zone,
        row -> {
          digest.add(parse(row));
          if (was.length() > AUDIT_TEXT_MAX) {
            unlisted[0]++;
            return;
          }
          // as line(ZoneRecord) writes it
          was.append(was.isEmpty() ? "" : "\n")
              .append(row[1] + " " + row[3] + " IN " + row[2] + " " + row[4]);
        });
    if (unlisted[0] > 0) {
      was.append("\n… and ").append(unlisted[0]).append(" more records, not listed here");
    }
    ZoneDigest before = digest.build();
    // the rows go in one statement, so that removing the zone loads none of them
    em.createQuery("DELETE FROM ZoneRecord r WHERE r.zone = :zone")
        .setParameter("zone", zone)
        .executeUpdate();
    em.remove(zone);
    revisions.commit(head, zone.dnsName(), before, null, "delete zone " + zone.getName());
    audit.record(AuditLog.ZONE, "delete", zone.getName(), zone.getName(), was.toString(), null);
  }

  public ZoneRecord addRecord(String zoneName, RecordSpec spec) {
    ConfigHead head = revisions.lock();
    Zone zone = editable(zoneName);
    Record r = parse(zone.dnsName(), spec);
    checkFits(zone, r, null);
    ZoneDigest before = digest(zone);
    ZoneRecord soaRow = soaRow(zone);
    long serial = serial(soaRow);
    ZoneRecord added = zone.newRecord(r);
    em.persist(added);
    afterChange(head, zone, before, soaRow, serial, "add " + describe(r));
    audit.record(AuditLog.RECORD, "create", zone.getName(), subject(added), null, line(added));
    return added;
  }

  public ZoneRecord updateRecord(String zoneName, long id, RecordSpec spec) {
    return updateRecord(zoneName, id, spec, null);
  }

  /**
   * Replaces a record, but only if it is still the version the editor read: a record changed since
   * then is refused ({@link ConflictException} on {@code version}), never silently overwritten.
   *
   * @param readVersion the record's version as the editor read it; null skips the check
   */
  public ZoneRecord updateRecord(String zoneName, long id, RecordSpec spec, Long readVersion) {
    ConfigHead head = revisions.lock();
    Zone zone = editable(zoneName);
    ZoneRecord existing = record(zone, id);
    requireVersion(existing, readVersion);
    String was = line(existing);
    ZoneDigest before = digest(zone);
    ZoneRecord soaRow = soaRow(zone);
    long serial = serial(soaRow);
    Record r = parse(zone.dnsName(), spec);
    if (existing.toDnsRecord().getType() == Type.SOA && r.getType() != Type.SOA) {
      throw new InvalidRecordException(
          "type", "the SOA record can be edited but not turned into " + Type.string(r.getType()));
    }
    checkFits(zone, r, existing);
    String old = describe(existing.toDnsRecord());
    existing.replace(r);
    afterChange(head, zone, before, soaRow, serial, "change " + old + " to " + describe(r));
    audit.record(AuditLog.RECORD, "update", zone.getName(), subject(existing), was, line(existing));
    return existing;
  }

  public void deleteRecord(String zoneName, long id) {
    deleteRecord(zoneName, id, null);
  }

  /**
   * Deletes a record, but only if it is still the version the editor read (as {@link
   * #updateRecord(String, long, RecordSpec, Long)}): a record someone changed meanwhile is not
   * deleted unseen.
   *
   * @param readVersion the record's version as the editor read it; null skips the check
   */
  public void deleteRecord(String zoneName, long id, Long readVersion) {
    ConfigHead head = revisions.lock();
    Zone zone = editable(zoneName);
    ZoneRecord existing = record(zone, id);
    requireVersion(existing, readVersion);
    if (existing.toDnsRecord().getType() == Type.SOA) {
      throw new ConflictException(
          "type", "a zone must keep its SOA record; delete the zone instead");
    }
    ZoneDigest before = digest(zone);
    ZoneRecord soaRow = soaRow(zone);
    long serial = serial(soaRow);
    String what = describe(existing.toDnsRecord());
    String was = line(existing);
    String subject = subject(existing);
    em.remove(existing);
    afterChange(head, zone, before, soaRow, serial, "delete " + what);
    audit.record(AuditLog.RECORD, "delete", zone.getName(), subject, was, null);
  }

  /**
   * Refuses an edit based on an older version of the record. Called under the head lock, so no
   * other edit can slip in between this check and the commit.
   */
  private static void requireVersion(ZoneRecord existing, Long readVersion) {
    if (readVersion != null && readVersion != existing.getVersion()) {
      throw new ConflictException(
          "version",
          "record changed since you read it (version "
              + readVersion
              + ", now "
              + existing.getVersion()
              + "); reload it and apply your edit again");
    }
  }

  /** The zone, if the caller may read it. */
  private Zone readable(String zoneName) {
    Zone zone = get(zoneName);
    callers.requireRead(zone.getName());
    return zone;
  }

  /** The zone, if the caller may change it. */
  private Zone editable(String zoneName) {
    Zone zone = get(zoneName);
    callers.requireEdit(zone.getName());
    return zone;
  }

  /** A record in presentation form, as the audit log keeps it. */
  static String line(ZoneRecord r) {
    return r.getName() + " " + r.getTtl() + " IN " + r.getType() + " " + r.getData();
  }

  private static String subject(ZoneRecord r) {
    return r.getId() + " " + r.getName() + " " + r.getType();
  }

  private static String all(Zone zone) {
    return zone.getRecords().stream().map(ZoneService::line).collect(Collectors.joining("\n"));
  }

  /** The record by id, if it belongs to the zone (found alone, not by loading the zone). */
  private ZoneRecord record(Zone zone, long id) {
    ZoneRecord r = em.find(ZoneRecord.class, id);
    if (r == null || !r.getZone().getId().equals(zone.getId())) {
      throw new NotFoundException("record " + id + " does not exist in zone " + zone.getName());
    }
    return r;
  }

  private static Record parse(Name zone, RecordSpec spec) {
    if (spec == null) {
      throw new InvalidRecordException("record", "record is required");
    }
    return RecordInput.record(zone, spec.name(), spec.type(), spec.ttl(), spec.data());
  }

  /**
   * Refuses records a zone cannot hold: a second identical record, an SOA off the apex or a second
   * SOA, and CNAME beside other data (RFC 1034 §3.6.2, RFC 2181 §10.1). Only the records at the
   * same owner name (compared case-insensitively) are read, by a query.
   */
  private void checkFits(Zone zone, Record r, ZoneRecord replacing) {
    Name apex = zone.dnsName();
    if (r.getType() == Type.SOA && !r.getName().equals(apex)) {
      throw new InvalidRecordException("name", "an SOA record belongs at the zone apex " + apex);
    }
    List<ZoneRecord> atName =
        em.createQuery(
                "SELECT r FROM ZoneRecord r WHERE r.zone = :zone AND LOWER(r.name) = :name",
                ZoneRecord.class)
            .setParameter("zone", zone)
            .setParameter("name", r.getName().toString().toLowerCase(Locale.ROOT))
            .getResultList();
    for (ZoneRecord other : atName) {
      if (replacing != null && other.getId().equals(replacing.getId())) {
        continue;
      }
      Record o = other.toDnsRecord();
      if (o.getType() == r.getType() && Objects.equals(o.rdataToString(), r.rdataToString())) {
        throw new ConflictException("data", "the record " + describe(r) + " already exists");
      }
      if (r.getType() == Type.SOA && o.getType() == Type.SOA) {
        throw new ConflictException("type", "zone " + apex + " already has an SOA record");
      }
      if ((r.getType() == Type.CNAME) != (o.getType() == Type.CNAME)) {
        throw new ConflictException(
            "type", r.getName() + " cannot hold a CNAME and other data (RFC 1034 §3.6.2)");
      }
      if (r.getType() == Type.CNAME) {
        throw new ConflictException(
            "type", r.getName() + " already has a CNAME; a name holds at most one");
      }
    }
  }

  /**
   * Keeps the SOA serial moving forward on every change so that secondaries and humans see it
   * ({@link SoaSerial#afterChange}: RFC 1982 arithmetic; an explicitly raised serial is kept).
   */
  private void afterChange(
      ConfigHead head,
      Zone zone,
      ZoneDigest before,
      ZoneRecord soaRow,
      long oldSerial,
      String summary) {
    bumpSerial(soaRow, oldSerial);
    em.flush();
    revisions.commitDigest(
        head, zone.dnsName(), before, digest(zone), zone.getName() + ": " + summary);
  }

  /** Moves the serial of the SOA row on, unless the change itself raised it. */
  private static void bumpSerial(ZoneRecord soaRow, long oldSerial) {
    if (soaRow == null || !(soaRow.toDnsRecord() instanceof SOARecord soa)) {
      return;
    }
    long serial = SoaSerial.afterChange(oldSerial, soa.getSerial());
    if (serial != soa.getSerial()) {
      soaRow.replace(
          new SOARecord(
              soa.getName(),
              soa.getDClass(),
              soa.getTTL(),
              soa.getHost(),
              soa.getAdmin(),
              serial,
              soa.getRefresh(),
              soa.getRetry(),
              soa.getExpire(),
              soa.getMinimum()));
    }
  }

  private static long serial(ZoneRecord soaRow) {
    return soaRow == null ? 0L : SoaSerial.of(soaRow.getName(), soaRow.getData());
  }

  static SOARecord defaultSoa(Name zone) {
    try {
      return new SOARecord(
          zone,
          org.xbill.DNS.DClass.IN,
          3600,
          Name.fromString("ns1", zone),
          Name.fromString("hostmaster", zone),
          1,
          3600,
          600,
          1209600,
          300);
    } catch (org.xbill.DNS.TextParseException e) {
      throw new IllegalStateException(e);
    }
  }

  static ZoneContent content(Zone zone) {
    return new ZoneContent(zone.dnsName(), zone.dnsRecords());
  }

  private static String describe(Record r) {
    return r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString();
  }
}
