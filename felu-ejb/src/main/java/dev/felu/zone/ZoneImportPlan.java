package dev.felu.zone;

import dev.felu.input.InputLimits;
import dev.felu.input.InvalidInputException;
import dev.felu.model.zone.Excerpt;
import dev.felu.model.zone.InvalidRecordException;
import dev.felu.model.zone.RecordInput;
import dev.felu.model.zone.Zone;
import dev.felu.problem.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The difference between a zone and a zone file, keyed by owner, TTL, type and RDATA: the file's
 * records the zone lacks (in file order) and the ids of the rows the file lacks. Plain Java: it
 * reads the file and the zone's records it is handed, and touches no database, so a unit test
 * drives it ({@code ZoneImportPlanTest}). {@link ZoneService#applyImport} writes it; {@link
 * #summary()} is what a preview shows ({@link ZoneImport}).
 */
final class ZoneImportPlan {
  /** A zone's stored records one by one, with their ids, as an import compares them. */
  @FunctionalInterface
  interface HeldRecords {
    void forEach(BiConsumer<Long, Record> each);
  }

  /** The file's records the zone lacks, by {@link #key}, in file order. */
  final Map<String, Record> add = new LinkedHashMap<>();

  /** Ids of the zone's rows the file lacks (never the SOA). */
  final List<Long> remove = new ArrayList<>();

  private final List<String> removedSample = new ArrayList<>();
  private final List<String> ignored = new ArrayList<>();
  private int ignoredCount;
  private int unchanged;

  private ZoneImportPlan() {}

  /** {@link #of(InputLimits, Name, String, HeldRecords)} against a zone's loaded records. */
  static ZoneImportPlan of(InputLimits limits, Zone zone, String zoneFile) {
    return of(
        limits,
        zone.dnsName(),
        zoneFile,
        each -> zone.getRecords().forEach(r -> each.accept(r.getId(), r.toDnsRecord())));
  }

  /**
   * Reads the zone file and compares it with the zone. The file never reaches beyond itself: an
   * {@code $INCLUDE} is refused (it would read the server's files), and the file's size and its
   * records (what {@code $GENERATE} expands to included) are counted against the limits as they are
   * read, so neither a large file nor a large range fills the heap. The file's records must be able
   * to form one zone ({@link ZoneRules#checkFile}).
   */
  static ZoneImportPlan of(InputLimits limits, Name apex, String zoneFile, HeldRecords held) {
    ZoneImportPlan plan = new ZoneImportPlan();
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
    ZoneRules.checkFile(apex, file.values());
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

  private void ignore(String line) {
    if (ignoredCount++ < ZoneImport.SAMPLE) {
      ignored.add(line);
    }
  }

  /** What the import changes, as counts and the first {@link ZoneImport#SAMPLE} lines of each. */
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

  /** Owner (case-insensitively), TTL, type and RDATA: a record and its TTL, as a file holds it. */
  private static String key(Record r) {
    return r.getName().toString().toLowerCase(Locale.ROOT)
        + " "
        + r.getTTL()
        + " "
        + r.getType()
        + " "
        + r.rdataToString();
  }
}
