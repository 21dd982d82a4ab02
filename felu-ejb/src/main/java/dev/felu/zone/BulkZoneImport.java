package dev.felu.zone;

import dev.felu.account.CallerContext;
import dev.felu.audit.AuditLog;
import dev.felu.config.ConfigRevisions;
import dev.felu.config.ConfigRevisions.ZoneChange;
import dev.felu.input.InputLimits;
import dev.felu.input.InvalidInputException;
import dev.felu.model.config.ConfigHead;
import dev.felu.model.zone.Excerpt;
import dev.felu.model.zone.InvalidRecordException;
import dev.felu.model.zone.Zone;
import dev.felu.model.zone.ZoneName;
import dev.felu.model.zone.ZoneRecord;
import dev.felu.problem.ConflictException;
import dev.felu.problem.PayloadTooLargeException;
import dev.felu.protocol.ZoneDigest;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Many zone files in one change (ARCHITECTURE.md#flow-bulk-import): what an operator moving from
 * BIND or NSD sends, one file per zone. Zones that do not exist are created from their file (its
 * SOA kept); existing zones then hold exactly their file's records, as a single-zone import ({@link
 * ZoneService#applyImport}) makes them, SOA and serial aside. Every rule of that import holds for
 * every file ({@link ZoneImportPlan}: dnsjava's parser, {@code $INCLUDE} refused, the record as the
 * API takes it, {@link ZoneRules#checkFile}, {@link InputLimits}), and the request as a whole is
 * bounded too (zones, bytes and records per request).
 *
 * <p>All or nothing: one transaction, one revision naming every changed zone, one audit entry per
 * changed zone; any refused file refuses the request, naming the zone (the refusal's field) and,
 * for a record refused on its own, its line. Only callers who may create zones may call it (an
 * unscoped operator or an admin): a caller limited to some zones could otherwise create or
 * overwrite others.
 *
 * <p>Cost: the files are parsed and checked before the config lock is taken (that is most of the
 * work, and needs no database), new zones' rows are written by {@link RecordRows} in multi-row
 * INSERTs, and a new zone's digest comes from its parsed records, not from reading them back.
 */
@Stateless
public class BulkZoneImport {
  private static final Logger LOG = Logger.getLogger(BulkZoneImport.class.getName());

  @PersistenceContext EntityManager em;
  @Inject ConfigRevisions revisions;
  @Inject AuditLog audit;
  @Inject CallerContext callers;
  @Inject InputLimits limits;
  @Inject ZoneQueries queries;

  /** A zone file read and checked, and the zone it is for. */
  record Parsed(ZoneFile file, ZoneName name, ZoneImportPlan plan) {}

  /** What importing these zone files would change; changes nothing. */
  public BulkImport preview(List<ZoneFile> files) {
    callers.requireCreateOrDelete();
    List<Parsed> parsed = parse(files);
    Map<String, Zone> existing = queries.find(names(parsed));
    List<BulkImport.Outcome> outcomes = new ArrayList<>();
    for (Parsed p : parsed) {
      outcomes.add(plan(p, existing.get(p.name().toString())));
    }
    return result(null, outcomes);
  }

  /**
   * Imports the zone files as one change: missing zones created, existing ones made to hold their
   * file's records. The difference is computed here, under the config lock, on the zones as they
   * are now (a preview is advisory).
   */
  public BulkImport apply(List<ZoneFile> files) {
    callers.requireCreateOrDelete();
    long started = System.nanoTime();
    List<Parsed> parsed = parse(files);
    long parsedAt = System.nanoTime();
    ConfigHead head = revisions.lock();
    Map<String, Zone> existing = queries.find(names(parsed));
    List<BulkImport.Outcome> outcomes = new ArrayList<>();
    for (Parsed p : parsed) {
      outcomes.add(plan(p, existing.get(p.name().toString())));
    }
    List<Zone> created = new ArrayList<>();
    for (Parsed p : parsed) {
      if (!existing.containsKey(p.name().toString())) {
        Zone zone = new Zone(p.name().name());
        em.persist(zone);
        created.add(zone);
      }
    }
    // the new zones' rows first: their records reference them
    em.flush();
    List<ZoneChange> changes = new ArrayList<>();
    try (RecordRows rows = new RecordRows(em.unwrap(Connection.class))) {
      int next = 0;
      for (int i = 0; i < parsed.size(); i++) {
        Parsed p = parsed.get(i);
        BulkImport.Outcome outcome = outcomes.get(i);
        if (outcome.created()) {
          changes.add(create(rows, created.get(next++), p.plan()));
        } else if (!outcome.changes().changesNothing()) {
          changes.add(change(rows, existing.get(outcome.zone()), p.plan()));
        }
      }
      rows.flush();
    } catch (SQLException e) {
      throw new IllegalStateException("writing the imported records failed: " + e.getMessage(), e);
    }
    if (changes.isEmpty()) {
      return result(null, outcomes);
    }
    BulkImport result = result(null, outcomes);
    long revision =
        revisions.commitAll(
            head,
            changes,
            "bulk import of "
                + parsed.size()
                + " zone files: "
                + result.zonesCreated()
                + " zones created, "
                + result.zonesChanged()
                + " changed; "
                + result.addedCount()
                + " records added, "
                + result.removedCount()
                + " removed");
    for (BulkImport.Outcome o : outcomes) {
      ZoneImport c = o.changes();
      if (o.created() || !c.changesNothing()) {
        audit.record(
            AuditLog.ZONE,
            o.created() ? "create" : "import",
            o.zone(),
            o.zone(),
            null,
            "bulk import (revision "
                + revision
                + "): "
                + c.addedCount()
                + " records added, "
                + c.removedCount()
                + " removed, "
                + c.unchanged()
                + " unchanged");
      }
    }
    long done = System.nanoTime();
    // one line per bulk import: where its time went (reading the files or writing the database)
    LOG.info(
        "bulk import of "
            + parsed.size()
            + " zone files ("
            + result.addedCount()
            + " records added, "
            + result.removedCount()
            + " removed): read and checked in "
            + (parsedAt - started) / 1_000_000
            + " ms, then locked, compared and written in "
            + (done - parsedAt) / 1_000_000
            + " ms; revision "
            + revision);
    return result(revision, outcomes);
  }

  private List<Parsed> parse(List<ZoneFile> files) {
    return parse(limits, files);
  }

  /**
   * Reads every file before anything else, so a bad one refuses the request at once: within the
   * request's bounds, each zone once, each file as {@link ZoneImportPlan#parse} reads it.
   */
  static List<Parsed> parse(InputLimits limits, List<ZoneFile> files) {
    if (files == null || files.isEmpty()) {
      throw new InvalidInputException(
          "body", "no zone files: send one part per zone file, named after its zone");
    }
    if (files.size() > limits.maxImportZones()) {
      throw new PayloadTooLargeException(
          "body",
          files.size()
              + " zone files; at most "
              + limits.maxImportZones()
              + " are imported at once (felu.import.max-zones)");
    }
    Set<ZoneName> seen = new HashSet<>();
    List<Parsed> parsed = new ArrayList<>(files.size());
    long bytes = 0;
    long records = 0;
    for (ZoneFile f : files) {
      try {
        ZoneName name = ZoneName.of(f.zone());
        if (!seen.add(name)) {
          throw new InvalidInputException("name", "the request holds this zone twice");
        }
        ZoneImportPlan plan = ZoneImportPlan.parse(limits, name.name(), f.text());
        bytes += plan.bytes();
        records += plan.records();
        if (bytes > limits.maxImportRequestBytes()) {
          throw new PayloadTooLargeException(
              "body",
              "the zone files reach "
                  + bytes
                  + " bytes here; at most "
                  + limits.maxImportRequestBytes()
                  + " are imported in one request (felu.import.max-request-bytes)");
        }
        if (records > limits.maxImportRequestRecords()) {
          throw new PayloadTooLargeException(
              "body",
              "the zone files reach "
                  + records
                  + " records here; at most "
                  + limits.maxImportRequestRecords()
                  + " are imported in one request (felu.import.max-request-records)");
        }
        parsed.add(new Parsed(f, name, plan));
      } catch (RuntimeException e) {
        throw about(f, e);
      }
    }
    return parsed;
  }

  /** The zone's outcome: created from its file, or its file compared with its records. */
  private BulkImport.Outcome plan(Parsed p, Zone zone) {
    try {
      if (zone == null) {
        p.plan().asNewZone(p.name().name());
        return new BulkImport.Outcome(
            p.name().toString(), true, p.plan().summary(BulkImport.SAMPLE));
      }
      callers.requireEdit(zone.getName());
      p.plan().compare(each -> queries.forEachRow(zone, each));
      return new BulkImport.Outcome(zone.getName(), false, p.plan().summary(BulkImport.SAMPLE));
    } catch (RuntimeException e) {
      throw about(p.file(), e);
    }
  }

  /** Writes a new zone's records; its digest from the parsed records, which are let go after. */
  private static ZoneChange create(RecordRows rows, Zone zone, ZoneImportPlan plan)
      throws SQLException {
    Name apex = zone.dnsName();
    for (Record r : plan.add.values()) {
      rows.add(zone.getId(), r);
    }
    ZoneDigest after = ZoneDigest.of(apex, plan.add.values());
    plan.add.clear();
    return new ZoneChange(apex, null, after);
  }

  /**
   * Writes an existing zone's difference as {@link ZoneService#applyImport} does (removed rows by
   * id in batches, the serial moved on once), new rows through {@link RecordRows}; its digests read
   * from its rows before and after.
   */
  private ZoneChange change(RecordRows rows, Zone zone, ZoneImportPlan plan) throws SQLException {
    ZoneDigest before = queries.digest(zone);
    ZoneRecord soaRow = queries.soaRow(zone);
    long serial = SoaSerial.of(soaRow);
    plan.applySoa(soaRow);
    int pageRows = ZoneQueries.PAGE_ROWS;
    for (int from = 0; from < plan.remove.size(); from += pageRows) {
      em.createQuery("DELETE FROM ZoneRecord r WHERE r.id IN :ids")
          .setParameter(
              "ids", plan.remove.subList(from, Math.min(plan.remove.size(), from + pageRows)))
          .executeUpdate();
    }
    for (Record r : plan.add.values()) {
      rows.add(zone.getId(), r);
    }
    rows.flush();
    plan.add.clear();
    SoaSerial.moveOn(soaRow, serial);
    em.flush();
    return new ZoneChange(zone.dnsName(), before, queries.digest(zone));
  }

  private static BulkImport result(Long revision, List<BulkImport.Outcome> outcomes) {
    int created = 0;
    int changed = 0;
    long added = 0;
    long removed = 0;
    for (BulkImport.Outcome o : outcomes) {
      if (o.created()) {
        created++;
      } else if (!o.changes().changesNothing()) {
        changed++;
      }
      added += o.changes().addedCount();
      removed += o.changes().removedCount();
    }
    return new BulkImport(
        revision, created, changed, outcomes.size() - created - changed, added, removed, outcomes);
  }

  private static List<String> names(List<Parsed> parsed) {
    return parsed.stream().map(p -> p.name().toString()).toList();
  }

  /**
   * The refusal of one file, said of its zone: the field is the zone as the request named it, the
   * message starts with the zone's name (and keeps the line the parser named).
   */
  private static RuntimeException about(ZoneFile f, RuntimeException e) {
    String field = f.zone() == null ? "name" : Excerpt.of(f.zone(), 255).replaceAll("^'|'$", "");
    String detail =
        "zone "
            + ZoneName.parse(f.zone()).map(ZoneName::toString).orElse(Excerpt.of(f.zone()))
            + ": "
            + e.getMessage();
    if (e instanceof InvalidRecordException) {
      return new InvalidRecordException(field, detail);
    }
    if (e instanceof InvalidInputException) {
      return new InvalidInputException(field, detail);
    }
    if (e instanceof ConflictException) {
      return new ConflictException(field, detail);
    }
    if (e instanceof PayloadTooLargeException) {
      return new PayloadTooLargeException(field, detail);
    }
    return e;
  }
}
