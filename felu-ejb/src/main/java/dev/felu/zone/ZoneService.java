package dev.felu.zone;

import dev.felu.account.CallerContext;
import dev.felu.audit.AuditLog;
import dev.felu.config.ConfigRevisions;
import dev.felu.input.InputLimits;
import dev.felu.model.config.ConfigHead;
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
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Zone and record use cases: the transactional façade the web layer calls. Each public method is
 * one transaction and, if it changes anything, one revision and one audit entry per record touched.
 * It checks the caller ({@link CallerContext}: a caller limited to some zones sees and edits only
 * those) and hands the work to the classes named for it: reads to {@link ZoneQueries}, record-set
 * rules to {@link ZoneRules}, a zone file's difference to {@link ZoneImportPlan}, the SOA serial to
 * {@link SoaSerial}, the revision to {@link ConfigRevisions}.
 */
@Stateless
public class ZoneService {
  @PersistenceContext EntityManager em;
  @Inject ConfigRevisions revisions;
  @Inject AuditLog audit;
  @Inject CallerContext callers;
  @Inject InputLimits limits;
  @Inject ZoneQueries queries;

  /**
   * How much of a deleted zone its audit entry lists (the column holds a million characters; a zone
   * of 100,000 records is several times that).
   */
  static final int AUDIT_TEXT_MAX = 500_000;

  /** An import that changes more records than this is audited as one entry, not one per record. */
  public static final int AUDIT_EACH_UP_TO = 1000;

  /** Every zone's name and record count, in one query. */
  public List<ZoneSummary> summaries() {
    return queries.summaries();
  }

  /** Every zone with its records, in one query. */
  public List<Zone> listWithRecords() {
    return queries.listWithRecords();
  }

  /**
   * One page of the zones whose name contains {@code filter} (case-insensitive; null or blank:
   * all), in name order, with their record counts. Two queries bounded by the page size, so the
   * list stays fast with any number of zones.
   */
  public List<ZoneSummary> page(String filter, int first, int max) {
    return queries.page(filter, first, max);
  }

  /** How many zones {@link #page} pages through for this filter. */
  public long count(String filter) {
    return queries.count(filter);
  }

  /** How many records the zones the caller may see hold, counted in the database. */
  public long recordCount() {
    return queries.recordCount();
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
    return queries.records(readable(zone), filter, sort, descending, first, max);
  }

  /** How many records {@link #records} pages through with this filter. */
  public long recordCount(String zone, RecordFilter filter) {
    return queries.recordCount(readable(zone), filter);
  }

  /** One record of the zone as stored now, if it still exists. */
  public Optional<ZoneRecord> findRecord(String zone, long id) {
    return queries.record(readable(zone), id);
  }

  /** The zone's SOA record, read alone (not by loading the zone's records). */
  public Optional<ZoneRecord> soa(String zone) {
    return Optional.ofNullable(queries.soaRow(readable(zone)));
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
    return plan(zone, zoneFile).summary();
  }

  /**
   * Makes the zone hold exactly the records of the zone file (its SOA aside, see {@link
   * ZoneImport}) as one change: one transaction, one revision, one serial step. The difference is
   * computed again here, on the zone as it is now, from the zone's rows read page by page; removed
   * rows are deleted by id in batches and new rows are flushed and let go of every {@link
   * ZoneQueries#PAGE_ROWS}, so the heap holds the file (bounded by {@link InputLimits}) but never
   * the zone as entities. Up to {@link #AUDIT_EACH_UP_TO} records changed, each gets an audit
   * entry; a bigger import gets one entry for the zone that counts them (a log of 100,000 lines per
   * import helps nobody and would cost as much as the import).
   */
  public ZoneImport applyImport(String name, String zoneFile) {
    ConfigHead head = revisions.lock();
    Zone zone = editable(name);
    ZoneImportPlan plan = plan(zone, zoneFile);
    ZoneImport summary = plan.summary();
    if (summary.changesNothing()) {
      return summary;
    }
    ZoneDigest before = queries.digest(zone);
    ZoneRecord soaRow = queries.soaRow(zone);
    long serial = SoaSerial.of(soaRow);
    plan.applySoa(soaRow);
    boolean each = plan.add.size() + plan.remove.size() <= AUDIT_EACH_UP_TO;
    List<String[]> removed = each ? subjectsAndLines(plan.remove) : List.of();
    int pageRows = ZoneQueries.PAGE_ROWS;
    for (int from = 0; from < plan.remove.size(); from += pageRows) {
      em.createQuery("DELETE FROM ZoneRecord r WHERE r.id IN :ids")
          .setParameter(
              "ids", plan.remove.subList(from, Math.min(plan.remove.size(), from + pageRows)))
          .executeUpdate();
    }
    List<String[]> added = new ArrayList<>();
    List<ZoneRecord> batch = new ArrayList<>();
    for (Record r : plan.add.values()) {
      ZoneRecord row = zone.newRecord(r);
      em.persist(row);
      batch.add(row);
      if (batch.size() == pageRows) {
        flushAndLetGo(batch, each ? added : null);
      }
    }
    flushAndLetGo(batch, each ? added : null);
    String what =
        "import zone file: " + plan.add.size() + " added, " + plan.remove.size() + " removed";
    commit(head, zone, before, soaRow, serial, what);
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

  /**
   * A change of a zone's records decided over the records as they are now: {@link #applyDifference}
   * reads them under the head lock and applies what {@link #decide} returns.
   */
  @FunctionalInterface
  public interface RecordChange {
    /**
     * @param apex the zone's name
     * @param records every record of the zone, each object once (the SOA among them)
     * @return which of {@code records} to remove (the same objects) and which records to add; null
     *     or an empty difference when nothing is to change
     */
    RecordDifference decide(Name apex, List<Record> records);
  }

  /**
   * Records to remove (objects {@link RecordChange#decide} was given) and to add, as one change. An
   * SOA among {@code add} replaces the zone's SOA (and the SOA among {@code remove} is then that
   * one); records to add are valid on their own ({@link RecordInput}) and keep the zone's
   * record-set rules ({@link ZoneRules}), which the deciding side answers for.
   *
   * @param summary what the change does, for the revision log
   */
  public record RecordDifference(List<Record> remove, List<Record> add, String summary) {
    public RecordDifference {
      remove = List.copyOf(remove);
      add = List.copyOf(add);
    }

    boolean isEmpty() {
      return remove.isEmpty() && add.isEmpty();
    }
  }

  /**
   * Applies a difference decided over the zone's current records as one change, the path every edit
   * takes: the head locked first, the caller's edit right on the zone checked, one revision with
   * the zone's digest before and after, one serial step ({@link SoaSerial#moveOn}: an SOA the
   * difference raised keeps its serial), an audit entry per record removed, added or (the SOA)
   * replaced. The zone is read once, page by page; nothing is written when the difference is empty.
   * Dynamic updates (RFC 2136) come this way.
   *
   * @return the difference applied, or null when nothing changed
   */
  public RecordDifference applyDifference(String name, RecordChange change) {
    ConfigHead head = revisions.lock();
    Zone zone = editable(name);
    List<Record> records = new ArrayList<>();
    Map<Record, Long> ids = new IdentityHashMap<>();
    ZoneDigest.Builder digest = ZoneDigest.builder(zone.dnsName());
    queries.forEachRow(
        zone,
        (id, r) -> {
          records.add(r);
          ids.put(r, id);
          digest.add(r);
        });
    RecordDifference d = change.decide(zone.dnsName(), records);
    if (d == null || d.isEmpty()) {
      return null;
    }
    ZoneDigest before = digest.build();
    ZoneRecord soaRow = queries.soaRow(zone);
    long serial = SoaSerial.of(soaRow);
    String soaWas = soaRow == null ? null : RecordText.line(soaRow);
    Record newSoa = d.add().stream().filter(r -> r.getType() == Type.SOA).findFirst().orElse(null);
    List<Long> remove = new ArrayList<>();
    for (Record r : d.remove()) {
      Long id = ids.get(r);
      if (id == null) {
        throw new IllegalArgumentException("not a record of the zone: " + r);
      }
      if (r.getType() != Type.SOA) {
        remove.add(id);
      }
    }
    List<String[]> removed = subjectsAndLines(remove);
    if (!remove.isEmpty()) {
      em.createQuery("DELETE FROM ZoneRecord r WHERE r.id IN :ids")
          .setParameter("ids", remove)
          .executeUpdate();
    }
    if (newSoa != null && soaRow != null) {
      soaRow.replace(newSoa);
    }
    List<ZoneRecord> rows = new ArrayList<>();
    for (Record r : d.add()) {
      if (r.getType() != Type.SOA) {
        ZoneRecord row = zone.newRecord(r);
        em.persist(row);
        rows.add(row);
      }
    }
    commit(head, zone, before, soaRow, serial, d.summary());
    for (String[] gone : removed) {
      audit.record(AuditLog.RECORD, "delete", zone.getName(), gone[0], gone[1], null);
    }
    for (ZoneRecord row : rows) {
      audit.record(
          AuditLog.RECORD,
          "create",
          zone.getName(),
          RecordText.subject(row),
          null,
          RecordText.line(row));
    }
    if (soaRow != null && !RecordText.line(soaRow).equals(soaWas)) {
      audit.record(
          AuditLog.RECORD,
          "update",
          zone.getName(),
          RecordText.subject(soaRow),
          soaWas,
          RecordText.line(soaRow));
    }
    return d;
  }

  private ZoneImportPlan plan(Zone zone, String zoneFile) {
    return ZoneImportPlan.of(
        limits, zone.dnsName(), zoneFile, each -> queries.forEachRow(zone, each));
  }

  /** Writes the rows, notes them for the audit log (if {@code audited}), and detaches them. */
  private void flushAndLetGo(List<ZoneRecord> batch, List<String[]> audited) {
    em.flush();
    for (ZoneRecord row : batch) {
      if (audited != null) {
        audited.add(new String[] {RecordText.subject(row), RecordText.line(row)});
      }
      em.detach(row);
    }
    batch.clear();
  }

  /** Audit subject and line of rows by id, read as columns before they are deleted. */
  private List<String[]> subjectsAndLines(List<Long> ids) {
    return queries.rows(ids).stream()
        .map(
            row ->
                new String[] {
                  RecordText.subject(row[0], row[1], row[2]),
                  RecordText.line(row[1], row[3], row[2], row[4])
                })
        .toList();
  }

  public Zone get(String name) {
    ZoneName zoneName = ZoneName.of(name);
    return queries
        .find(zoneName)
        .orElseThrow(() -> new NotFoundException("zone " + zoneName + " does not exist"));
  }

  /** Loads a zone with its records for display, detached from the persistence context. */
  public Zone getWithRecords(String name) {
    Zone z = readable(name);
    z.getRecords().size();
    return z;
  }

  /**
   * Creates a zone with the given records. Without an SOA among them a default one is made ({@link
   * ZoneRules#defaultSoa}).
   */
  public Zone create(String name, List<RecordSpec> records) {
    callers.requireCreateOrDelete();
    ConfigHead head = revisions.lock();
    ZoneName zoneName = ZoneName.of(name);
    Name apex = zoneName.name();
    if (queries.find(zoneName).isPresent()) {
      throw new ConflictException("name", "zone " + zoneName + " already exists");
    }
    Zone zone = new Zone(apex);
    boolean hasSoa = false;
    for (RecordSpec spec : records == null ? List.<RecordSpec>of() : records) {
      Record r = parse(apex, spec);
      // the zone is not stored yet, so nothing is stored at any of its names
      ZoneRules.checkFits(apex, r, List.of());
      hasSoa |= r.getType() == Type.SOA;
      zone.add(r);
    }
    if (!hasSoa) {
      zone.add(ZoneRules.defaultSoa(apex));
    }
    em.persist(zone);
    revisions.commit(head, apex, null, content(zone), "create zone " + zoneName);
    audit.record(
        AuditLog.ZONE, "create", zone.getName(), zone.getName(), null, RecordText.all(zone));
    return zone;
  }

  public void delete(String name) {
    callers.requireCreateOrDelete();
    ConfigHead head = revisions.lock();
    Zone zone = get(name);
    StringBuilder was = new StringBuilder();
    int[] unlisted = {0};
    ZoneDigest.Builder digest = ZoneDigest.builder(zone.dnsName());
    queries.forEachStored(
        zone,
        row -> {
          digest.add(ZoneQueries.record(row));
          if (was.length() > AUDIT_TEXT_MAX) {
            unlisted[0]++;
            return;
          }
          was.append(was.isEmpty() ? "" : "\n")
              .append(RecordText.line(row[1], row[3], row[2], row[4]));
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
    ZoneRules.checkFits(zone.dnsName(), r, queries.recordsAt(zone, r.getName(), null));
    ZoneDigest before = queries.digest(zone);
    ZoneRecord soaRow = queries.soaRow(zone);
    long serial = SoaSerial.of(soaRow);
    ZoneRecord added = zone.newRecord(r);
    em.persist(added);
    commit(head, zone, before, soaRow, serial, "add " + RecordText.describe(r));
    audit.record(
        AuditLog.RECORD,
        "create",
        zone.getName(),
        RecordText.subject(added),
        null,
        RecordText.line(added));
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
    String was = RecordText.line(existing);
    ZoneDigest before = queries.digest(zone);
    ZoneRecord soaRow = queries.soaRow(zone);
    long serial = SoaSerial.of(soaRow);
    Record r = parse(zone.dnsName(), spec);
    Record old = existing.toDnsRecord();
    ZoneRules.checkReplace(old, r);
    ZoneRules.checkFits(zone.dnsName(), r, queries.recordsAt(zone, r.getName(), existing));
    existing.replace(r);
    commit(
        head,
        zone,
        before,
        soaRow,
        serial,
        "change " + RecordText.describe(old) + " to " + RecordText.describe(r));
    audit.record(
        AuditLog.RECORD,
        "update",
        zone.getName(),
        RecordText.subject(existing),
        was,
        RecordText.line(existing));
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
    ZoneRules.checkDelete(existing.toDnsRecord());
    ZoneDigest before = queries.digest(zone);
    ZoneRecord soaRow = queries.soaRow(zone);
    long serial = SoaSerial.of(soaRow);
    String what = RecordText.describe(existing.toDnsRecord());
    String was = RecordText.line(existing);
    String subject = RecordText.subject(existing);
    em.remove(existing);
    commit(head, zone, before, soaRow, serial, "delete " + what);
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

  /** The record by id, if it belongs to the zone. */
  private ZoneRecord record(Zone zone, long id) {
    return queries
        .record(zone, id)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "record " + id + " does not exist in zone " + zone.getName()));
  }

  private static Record parse(Name zone, RecordSpec spec) {
    if (spec == null) {
      throw new InvalidRecordException("record", "record is required");
    }
    return RecordInput.record(zone, spec.name(), spec.type(), spec.ttl(), spec.data());
  }

  /**
   * Ends a change of the zone's records: the SOA serial moves on ({@link SoaSerial#moveOn}: RFC
   * 1982 arithmetic; an explicitly raised serial is kept) so that secondaries and humans see it,
   * and the revision is committed with the zone's digest before and after.
   */
  private void commit(
      ConfigHead head,
      Zone zone,
      ZoneDigest before,
      ZoneRecord soaRow,
      long oldSerial,
      String summary) {
    SoaSerial.moveOn(soaRow, oldSerial);
    em.flush();
    revisions.commitDigest(
        head, zone.dnsName(), before, queries.digest(zone), zone.getName() + ": " + summary);
  }

  static ZoneContent content(Zone zone) {
    return new ZoneContent(zone.dnsName(), zone.dnsRecords());
  }
}
