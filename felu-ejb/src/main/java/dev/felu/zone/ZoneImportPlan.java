package dev.felu.zone;

import dev.felu.input.InputLimits;
import dev.felu.input.InvalidInputException;
import dev.felu.model.zone.Excerpt;
import dev.felu.model.zone.InvalidRecordException;
import dev.felu.model.zone.RecordInput;
import dev.felu.model.zone.Zone;
import dev.felu.model.zone.ZoneRecord;
import dev.felu.problem.ConflictException;
import dev.felu.problem.PayloadTooLargeException;
import java.io.BufferedInputStream;
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
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;
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

  /** The file's SOA records, set aside by {@link #parse}. */
  private final List<Record> soas = new ArrayList<>();

  /**
   * The file's SOA when it changes the zone's (another MNAME, RNAME, timer or TTL, or a higher
   * serial), else null; {@link #soaBefore} is the zone's SOA it replaces.
   */
  private Record soaUpdate;

  private Record soaBefore;

  private final List<String> removedSample = new ArrayList<>();
  private final List<String> ignored = new ArrayList<>();
  private int ignoredCount;
  private int unchanged;
  private int records;
  private long bytes;

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
   * Reads the zone file and compares it with the zone: {@link #parse} then {@link #compare}, its
   * SOA left aside (felu manages the serial).
   */
  static ZoneImportPlan of(InputLimits limits, Name apex, String zoneFile, HeldRecords held) {
    return parse(limits, apex, zoneFile).compare(held);
  }

  /**
   * Reads the zone file, compared with nothing yet. The file never reaches beyond itself: an {@code
   * $INCLUDE} is refused (it would read the server's files), and the file's size and its records
   * (what {@code $GENERATE} expands to included) are counted against the limits as they are read,
   * so neither a large file nor a large range fills the heap. The file's records must be able to
   * form one zone ({@link ZoneRules#checkFile}). A record refused on its own is named with its
   * line.
   */
  static ZoneImportPlan parse(InputLimits limits, Name apex, String zoneFile) {
    ZoneImportPlan plan = new ZoneImportPlan();
    Map<String, Record> file = plan.add;
    if (zoneFile == null || zoneFile.isBlank()) {
      throw new InvalidInputException("file", "the zone file is empty");
    }
    byte[] bytes = zoneFile.getBytes(StandardCharsets.UTF_8);
    plan.bytes = bytes.length;
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
    LineCounting lines = new LineCounting(bytes);
    try (Master master = new Master(lines, apex, 3600)) {
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
        Record checked = plan.check(apex, r, lines.line());
        if (checked.getType() == Type.SOA) {
          plan.soas.add(checked);
          continue;
        }
        file.putIfAbsent(key(checked), checked);
      }
    } catch (IOException e) {
      // dnsjava names the line as "<none>:12: " (a stream has no file name)
      throw new InvalidRecordException(
          "file",
          "the zone file does not parse: "
              + Excerpt.message(e).replaceFirst("^<none>:(\\d+): ", "line $1: "));
    }
    plan.records = records;
    ZoneRules.checkFile(apex, file.values());
    return plan;
  }

  /** One record as the API would take it, or a refusal naming its line. */
  private Record check(Name apex, Record r, int line) {
    try {
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
      return RecordInput.record(
          apex, r.getName().toString(), Type.string(r.getType()), r.getTTL(), r.rdataToString());
    } catch (InvalidRecordException e) {
      throw new InvalidRecordException("file", "line " + line + ": " + e.getMessage());
    }
  }

  /**
   * Compares the file's records with the zone's: what the zone holds and the file too is taken out
   * of the file's records; what is left there is to be added. The file's SOA keeps what the file
   * says — MNAME, RNAME, refresh, retry, expire, minimum and TTL — but its serial is felu's: kept
   * when the file's is higher (RFC 1982), as for a hand edit, else moved on once from the zone's. A
   * file SOA equal to the zone's but for a serial not higher changes nothing; a file without an SOA
   * leaves the zone's as it is.
   */
  ZoneImportPlan compare(HeldRecords held) {
    if (soas.size() > 1) {
      throw new ConflictException("type", "the zone file holds more than one SOA record");
    }
    Record[] zoneSoa = new Record[1];
    held.forEach(
        (id, r) -> {
          if (r.getType() == Type.SOA) {
            zoneSoa[0] = r;
            return;
          }
          if (add.remove(key(r)) != null) {
            unchanged++;
          } else {
            remove.add(id);
            if (removedSample.size() < ZoneImport.SAMPLE) {
              removedSample.add(r.toString());
            }
          }
        });
    if (!soas.isEmpty() && zoneSoa[0] instanceof SOARecord now) {
      SOARecord file = (SOARecord) soas.get(0);
      if (!file.getName().equals(now.getName())) {
        throw new InvalidRecordException(
            "name", "an SOA record belongs at the zone apex " + now.getName());
      }
      if (sameButSerial(file, now) && Serial.compare(file.getSerial(), now.getSerial()) <= 0) {
        ignore(file + " (the zone's SOA is the same; felu moves its serial on)");
      } else {
        soaUpdate = file;
        soaBefore = now;
      }
    }
    return this;
  }

  /** Sets the zone's SOA row to the file's SOA, when the file changes it. */
  void applySoa(ZoneRecord soaRow) {
    if (soaUpdate != null && soaRow != null) {
      soaRow.replace(soaUpdate);
    }
  }

  private static boolean sameButSerial(SOARecord a, SOARecord b) {
    return a.getTTL() == b.getTTL()
        && a.getHost().equals(b.getHost())
        && a.getAdmin().equals(b.getAdmin())
        && a.getRefresh() == b.getRefresh()
        && a.getRetry() == b.getRetry()
        && a.getExpire() == b.getExpire()
        && a.getMinimum() == b.getMinimum();
  }

  /**
   * The plan for a zone that does not exist yet and is created from the file: every record is
   * added, the file's SOA first (a zone moved from another server keeps its SOA, serial included),
   * or {@link ZoneRules#defaultSoa} when the file has none. A second SOA is refused, as the editor
   * refuses it.
   */
  ZoneImportPlan asNewZone(Name apex) {
    if (soas.size() > 1) {
      throw new ConflictException("type", "the zone file holds more than one SOA record");
    }
    Record soa = soas.isEmpty() ? ZoneRules.defaultSoa(apex) : soas.get(0);
    if (!soa.getName().equals(apex)) {
      throw new InvalidRecordException("name", "an SOA record belongs at the zone apex " + apex);
    }
    Map<String, Record> all = new LinkedHashMap<>();
    all.put(key(soa), soa);
    all.putAll(add);
    add.clear();
    add.putAll(all);
    return this;
  }

  /** How many records the file held ({@code $GENERATE} expanded, the SOA included). */
  int records() {
    return records;
  }

  /** How many bytes the file held. */
  long bytes() {
    return bytes;
  }

  private void ignore(String line) {
    if (ignoredCount++ < ZoneImport.SAMPLE) {
      ignored.add(line);
    }
  }

  /** What the import changes, as counts and the first {@link ZoneImport#SAMPLE} lines of each. */
  ZoneImport summary() {
    return summary(ZoneImport.SAMPLE);
  }

  /** What the import changes, as counts and the first {@code sample} lines of each. */
  ZoneImport summary(int sample) {
    int soa = soaUpdate == null ? 0 : 1;
    List<String> added =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.ofNullable(soaUpdate), add.values().stream())
            .limit(sample)
            .map(Record::toString)
            .toList();
    List<String> removedSample =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.ofNullable(soaBefore).map(Record::toString),
                this.removedSample.stream())
            .limit(sample)
            .toList();
    List<String> ignored = this.ignored.stream().limit(sample).toList();
    return new ZoneImport(
        added,
        removedSample,
        unchanged,
        ignored,
        add.size() + soa,
        remove.size() + soa,
        ignoredCount,
        added.size() < add.size() + soa
            || removedSample.size() < remove.size() + soa
            || ignored.size() < ignoredCount);
  }

  /**
   * The file as dnsjava's tokenizer reads it, counting the lines read: a {@link
   * BufferedInputStream}, so the tokenizer reads from it byte by byte without a buffer of its own
   * in between. After {@link Master#nextRecord} the last line read is the record's (its last, for a
   * record over several lines).
   */
  private static final class LineCounting extends BufferedInputStream {
    private int newlines;
    private boolean lastWasNewline = true;

    LineCounting(byte[] bytes) {
      super(new ByteArrayInputStream(bytes));
    }

    @Override
    public synchronized int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        lastWasNewline = b == '\n';
        if (lastWasNewline) {
          newlines++;
        }
      }
      return b;
    }

    /** The line (from 1) of the record just read. */
    int line() {
      return lastWasNewline ? Math.max(1, newlines) : newlines + 1;
    }
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
