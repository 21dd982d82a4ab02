package dev.felu.update;

import dev.felu.account.Caller;
import dev.felu.account.CallerContext;
import dev.felu.audit.AuditLog;
import dev.felu.config.ConfigRevisions;
import dev.felu.model.config.ConfigHead;
import dev.felu.model.zone.InvalidRecordException;
import dev.felu.model.zone.RecordInput;
import dev.felu.model.zone.ZoneName;
import dev.felu.update.UpdateProcessor.Outcome;
import dev.felu.update.UpdateRequests.UpdateResult;
import dev.felu.zone.ZoneQueries;
import dev.felu.zone.ZoneService;
import dev.felu.zone.ZoneService.RecordDifference;
import jakarta.ejb.Stateless;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One verified UPDATE as one felu change (ARCHITECTURE.md#flow-dynamic-update): one transaction;
 * the config head locked before anything is read; the zone found by its exact name (a name inside a
 * felu zone but not its apex is no zone: NOTAUTH, as BIND and Knot answer); {@link UpdateProcessor}
 * run over the zone's records with the key's {@link UpdatePolicy}; its difference applied by {@link
 * ZoneService#applyDifference} — the path every edit takes (one revision, one serial step, the push
 * after commit) — as the caller {@code tsig:<key>}, so the audit log names the key. On any rcode
 * but NOERROR no record is written; a refusal ({@link #REFUSALS}) writes one audit entry (entity
 * {@code update}, action {@code refused}, by {@code tsig:<key>}, with the reason and what was
 * sent), as BIND logs "update denied". The key was verified and its rate limit taken before this,
 * so a key's refusals grow the audit log no faster than its accepted changes could. The caller
 * answers after this returns, that is after the commit.
 */
@Stateless
public class DynamicUpdateService {
  @Inject ConfigRevisions revisions;
  @Inject ZoneQueries queries;
  @Inject ZoneService zones;
  @Inject UpdatePermissions permissions;
  @Inject CallerContext callers;
  @Inject RequestContextController requestContext;
  @Inject AuditLog audit;

  public UpdateResult update(Message request, Name key, String address) {
    boolean activated = requestContext.activate();
    try {
      UpdateResult result = apply(request, key, address);
      if (REFUSALS.contains(result.rcode())) {
        audit.record(
            AuditLog.UPDATE,
            "refused",
            result.zone() == null ? null : result.zone().toString(),
            Rcode.string(result.rcode()) + " " + asked(request),
            null,
            refusal(request, result.reason()));
      }
      return result;
    } finally {
      if (activated) {
        requestContext.deactivate();
      }
    }
  }

  /**
   * The rcodes that refuse a verified key's UPDATE, each audited: outside the key's policy or not
   * storable (REFUSED), malformed (FORMERR), a record outside the zone (NOTZONE), a zone felu does
   * not have (NOTAUTH). A failed prerequisite (NXDOMAIN, YXDOMAIN, NXRRSET, YXRRSET) is the
   * client's own condition not met, not a refusal: counted in the metrics, not audited.
   */
  static final Set<Integer> REFUSALS =
      Set.of(Rcode.REFUSED, Rcode.FORMERR, Rcode.NOTZONE, Rcode.NOTAUTH);

  /** The audit text of a refusal is cut here; a 64 KiB UPDATE would otherwise be kept whole. */
  static final int MAX_REFUSAL_TEXT = 4000;

  private UpdateResult apply(Message request, Name key, String address) {
    UpdateProcessor.ZoneSection section = UpdateProcessor.zoneOf(request);
    if (!section.ok()) {
      callers.enter(Caller.tsigKey(key.toString(), null), address);
      return new UpdateResult(section.rcode(), null, section.reason());
    }
    ConfigHead head = revisions.lock();
    long before = head.getRevision();
    ZoneName zone = ZoneName.parse(section.zone().toString()).orElse(null);
    if (zone == null || queries.find(zone).isEmpty()) {
      callers.enter(Caller.tsigKey(key.toString(), null), address);
      return new UpdateResult(Rcode.NOTAUTH, null, "felu has no zone " + section.zone());
    }
    UpdateProcessor.Permission permission = permissions.of(key);
    callers.enter(Caller.tsigKey(key.toString(), zone), address);
    Outcome[] outcome = new Outcome[1];
    zones.applyDifference(
        zone.toString(),
        (apex, records) -> {
          Outcome o = storable(apex, UpdateProcessor.process(request, apex, records, permission));
          outcome[0] = o;
          return o.changes()
              ? new RecordDifference(
                  o.removed(),
                  o.added(),
                  "update signed by "
                      + key
                      + ": "
                      + o.added().size()
                      + " added, "
                      + o.removed().size()
                      + " removed")
              : null;
        });
    // the head row is this transaction's: a committed change moved it on by one
    long revision = head.getRevision() != before ? head.getRevision() : -1;
    return new UpdateResult(outcome[0].rcode(), section.zone(), outcome[0].reason(), revision);
  }

  /** The zone an UPDATE names, as sent, for a refusal's audit subject. */
  private static String asked(Message request) {
    List<Record> zone = request.getSection(Section.ZONE);
    return zone.isEmpty() ? "(no zone)" : zone.get(0).getName().toString();
  }

  /** Why, then the prerequisites and updates as sent (one a line), cut at a bound. */
  static String refusal(Message request, String reason) {
    StringBuilder text = new StringBuilder(reason == null ? "" : reason);
    for (int section : new int[] {Section.PREREQ, Section.UPDATE}) {
      for (Record r : request.getSection(section)) {
        text.append('\n').append(section == Section.PREREQ ? "prereq " : "update ").append(r);
        if (text.length() > MAX_REFUSAL_TEXT) {
          return text.substring(0, MAX_REFUSAL_TEXT) + "\n…";
        }
      }
    }
    return text.toString();
  }

  /**
   * The outcome, or REFUSED when a record it adds is one felu's editor would not store ({@link
   * RecordInput}: a type that cannot be in a zone, a TTL or data out of bounds).
   */
  static Outcome storable(Name apex, Outcome o) {
    if (!o.changes()) {
      return o;
    }
    for (Record r : o.added()) {
      try {
        RecordInput.record(
            apex, r.getName().toString(), Type.string(r.getType()), r.getTTL(), r.rdataToString());
      } catch (InvalidRecordException e) {
        return new Outcome(
            Rcode.REFUSED, "felu cannot store " + r + ": " + e.getMessage(), List.of(), List.of());
      }
    }
    return o;
  }

  /**
   * The SOA of the felu zone whose apex is exactly {@code apex}, or null when there is none (for
   * the endpoint's answers to SOA queries; no caller: zones' SOAs are public, the nameservers serve
   * them to anyone).
   */
  public org.xbill.DNS.SOARecord soaOf(Name apex) {
    ZoneName name;
    try {
      name = ZoneName.of(apex.toString());
    } catch (RuntimeException notAZoneName) {
      return null;
    }
    return queries
        .find(name)
        .map(queries::soaRow)
        .map(row -> (org.xbill.DNS.SOARecord) row.toDnsRecord())
        .orElse(null);
  }
}
