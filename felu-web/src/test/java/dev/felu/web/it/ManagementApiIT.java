package dev.felu.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.felu.config.ConfigHeadView;
import dev.felu.config.ConfigRevisions;
import dev.felu.config.RevisionLog;
import dev.felu.config.TransferReader;
import dev.felu.model.zone.InvalidRecordException;
import dev.felu.model.zone.Zone;
import dev.felu.model.zone.ZoneRecord;
import dev.felu.nameserver.NameserverProgressLog;
import dev.felu.problem.ConflictException;
import dev.felu.protocol.ConfigHash;
import dev.felu.protocol.Message;
import dev.felu.protocol.Reply;
import dev.felu.protocol.ZoneDigest;
import dev.felu.zone.BulkZoneImport;
import dev.felu.zone.RecordSpec;
import dev.felu.zone.ZoneFile;
import dev.felu.zone.ZoneQueries;
import dev.felu.zone.ZoneService;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.SOARecord;

/**
 * The management services and REST API inside a real container (Payara Micro) on a real PostgreSQL.
 * Service tests run in the container; {@code @RunAsClient} tests speak HTTP like a script.
 */
@ExtendWith(ArquillianExtension.class)
class ManagementApiIT {

  @Deployment
  static WebArchive deployment() throws URISyntaxException {
    return Deployments.services();
  }

  /** The first admin, made from configuration (felu.admin.password, see arquillian.xml). */
  private static final String ADMIN =
      "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString(
                  ("admin:" + System.getProperty("felu.test.admin.password"))
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));

  @Inject ZoneService zones;
  @Inject BulkZoneImport bulk;
  @Inject ZoneQueries queries;
  @Inject ConfigRevisions revisions;
  @Inject TransferReader transfers;
  @Inject RevisionLog revisionLog;
  @Inject NameserverProgressLog progress;
  @Resource ManagedExecutorService executor;

  @Resource(lookup = "jdbc/felu")
  javax.sql.DataSource dataSource;

  @ArquillianResource URL base;

  // ---- services, in the container ----

  @Test
  void creatingAZoneAddsADefaultSoaAndMakesExactlyOneRevision() {
    ConfigHeadView before = revisions.head();

    Zone z =
        zones.create("svc-create.test", List.of(new RecordSpec("www", "A", 300L, "192.0.2.1")));

    ConfigHeadView after = revisions.head();
    assertEquals(before.revision() + 1, after.revision());
    assertNotEquals(before.hash(), after.hash());
    assertEquals("svc-create.test.", z.getName());
    assertTrue(
        z.dnsRecords().stream().anyMatch(r -> r instanceof SOARecord s && s.getSerial() == 1));
  }

  @Test
  void aBulkImportLeavesTheHeadHashTheSumOfTheStoredZones() {
    bulk.apply(
        List.of(
            new ZoneFile(
                "svc-bulk-a.test",
                "WWW A 192.0.2.1\nv6 AAAA 2001:DB8:0:0:0:0:0:1\n@ MX 10 www\n"
                    + "t TXT \"a b\" \"c\"\nalias CNAME www\n_s._tcp SRV 1 2 3 www\n"),
            new ZoneFile("svc-bulk-b.test.", "@ SOA ns.x.test. h.x.test. 7 1 1 1 1\n")));
    bulk.apply(List.of(new ZoneFile("svc-bulk-b.test.", "new A 192.0.2.9\n")));

    ConfigHash sum = ConfigHash.EMPTY;
    for (var zone : zones.summaries()) {
      sum = sum.plus(queries.digest(zones.get(zone.name())));
    }
    assertEquals(revisions.head().hash(), sum, "head hash = sum of the zones' stored digests");
  }

  @Test
  void everyChangeMovesTheSoaSerialForward() {
    zones.create("svc-serial.test.", List.of());
    ZoneRecord a = zones.addRecord("svc-serial.test.", new RecordSpec("a", "A", null, "192.0.2.1"));
    zones.updateRecord("svc-serial.test.", a.getId(), new RecordSpec("a", "A", null, "192.0.2.2"));
    zones.deleteRecord("svc-serial.test.", a.getId());

    long serial =
        zones.getWithRecords("svc-serial.test.").dnsRecords().stream()
            .filter(SOARecord.class::isInstance)
            .mapToLong(r -> ((SOARecord) r).getSerial())
            .findFirst()
            .orElseThrow();
    assertEquals(4, serial);
  }

  @Test
  void refusedChangesLeaveTheRevisionAlone() {
    zones.create("svc-refuse.test.", List.of(new RecordSpec("alias", "CNAME", null, "www")));
    ConfigHeadView before = revisions.head();

    ConflictException cname =
        assertThrows(
            ConflictException.class,
            () ->
                zones.addRecord("svc-refuse.test.", new RecordSpec("alias", "TXT", null, "\"x\"")));
    assertTrue(cname.getMessage().contains("CNAME"), cname.getMessage());
    InvalidRecordException bad =
        assertThrows(
            InvalidRecordException.class,
            () -> zones.addRecord("svc-refuse.test.", new RecordSpec("mx", "MX", null, "mail")));
    assertEquals("data", bad.field());

    assertEquals(before, revisions.head());
    assertEquals(2, zones.getWithRecords("svc-refuse.test.").getRecords().size());
  }

  @Test
  void snapshotsReadDuringEditsAreConsistentAndNeverBlockForever() throws Exception {
    zones.create("svc-concurrent-a.test.", List.of());
    zones.create("svc-concurrent-b.test.", List.of());
    Callable<Integer> reader =
        () -> {
          int checked = 0;
          for (int i = 0; i < 60; i++) {
            Received s = snapshot();
            // the hash recorded incrementally at commit equals the hash of what the snapshot holds
            assertEquals(
                revisions.hashAt(s.begin.revision()).orElseThrow(),
                s.hashOfZones(),
                "revision " + s.begin.revision());
            checked++;
          }
          return checked;
        };
    List<Future<Integer>> work = new ArrayList<>();
    work.add(executor.submit(reader));
    for (String zone : List.of("svc-concurrent-a.test.", "svc-concurrent-b.test.")) {
      work.add(
          executor.submit(
              () -> {
                for (int i = 0; i < 30; i++) {
                  zones.addRecord(zone, new RecordSpec("r" + i, "A", null, "192.0.2." + (i + 1)));
                }
                return 30;
              }));
    }
    work.add(executor.submit(reader));

    for (Future<Integer> f : work) {
      assertTrue(f.get(120, TimeUnit.SECONDS) > 0);
    }
    Received last = snapshot();
    ConfigHeadView head = revisions.head();
    assertEquals(head.revision(), last.begin.revision());
    assertEquals(head.hash(), last.begin.hash());
    assertEquals(head.hash(), last.hashOfZones(), "the head hash is the hash of the zones stored");
  }

  /** What a nameserver would receive: the messages of one transfer, reassembled. */
  static final class Received implements java.util.function.Consumer<Message> {
    Message.Begin begin;
    final java.util.Map<String, List<org.xbill.DNS.Record>> zones = new java.util.TreeMap<>();
    final List<String> removals = new ArrayList<>();
    Message.Commit commit;
    int frames;

    @Override
    public void accept(Message m) {
      frames++;
      if (m instanceof Message.Begin b) {
        begin = b;
      } else if (m instanceof Message.ZoneChunk c) {
        for (Message.ZonePart p : c.parts()) {
          zones.computeIfAbsent(p.zone().toString(), z -> new ArrayList<>()).addAll(p.records());
        }
      } else if (m instanceof Message.Removals r) {
        r.zones().forEach(z -> removals.add(z.toString()));
      } else if (m instanceof Message.Commit c) {
        commit = c;
      }
    }

    ConfigHash hashOfZones() throws Exception {
      ConfigHash h = ConfigHash.EMPTY;
      for (var z : zones.entrySet()) {
        h = h.plus(ZoneDigest.of(org.xbill.DNS.Name.fromString(z.getKey()), z.getValue()));
      }
      return h;
    }
  }

  private Received snapshot() {
    Received r = new Received();
    transfers.transfer(Reply.NO_REVISION, ConfigHash.EMPTY, false, r);
    return r;
  }

  private Received transferFrom(long revision, ConfigHash hash) {
    Received r = new Received();
    transfers.transfer(revision, hash, false, r);
    return r;
  }

  @Test
  void aNameserverAtRevisionRGetsExactlyTheZonesChangedAfterR() throws Exception {
    zones.create("log-a.test.", List.of());
    zones.create("log-b.test.", List.of());
    zones.create("log-c.test.", List.of());
    ConfigHeadView r = revisions.head();

    zones.addRecord("log-a.test.", new RecordSpec("www", "A", null, "192.0.2.1"));
    zones.addRecord("log-a.test.", new RecordSpec("www", "A", null, "192.0.2.2"));
    zones.delete("log-b.test.");
    zones.create("log-d.test.", List.of());
    zones.create("log-e.test.", List.of());
    zones.delete("log-e.test.");
    ConfigHeadView head = revisions.head();
    assertEquals(r.revision() + 6, head.revision(), "one revision per change");

    Received delta = transferFrom(r.revision(), r.hash());
    assertEquals(Message.Begin.delta(r.revision(), head.revision(), head.hash()), delta.begin);
    assertEquals(List.of("log-a.test.", "log-d.test."), List.copyOf(delta.zones.keySet()));
    assertEquals(3, delta.zones.get("log-a.test.").size(), "SOA, NS-less zone: SOA + 2 A");
    assertEquals(List.of("log-b.test.", "log-e.test."), delta.removals.stream().sorted().toList());
    assertEquals(new Message.Commit(delta.frames - 1, 2, 4, 2), delta.commit);

    // from one revision before head: only the zone that revision changed
    ConfigHeadView beforeLast =
        new ConfigHeadView(
            head.revision() - 1, revisions.hashAt(head.revision() - 1).orElseThrow());
    Received last = transferFrom(beforeLast.revision(), beforeLast.hash());
    assertTrue(last.zones.isEmpty());
    assertEquals(List.of("log-e.test."), last.removals);

    // at head: nothing to send; a wrong hash at r, or no revision at all: a snapshot
    assertEquals(null, transferFrom(head.revision(), head.hash()).begin);
    assertEquals(Message.Kind.SNAPSHOT, transferFrom(r.revision(), ConfigHash.EMPTY).begin.kind());
    Received full = transferFrom(Reply.NO_REVISION, ConfigHash.EMPTY);
    assertEquals(Message.Kind.SNAPSHOT, full.begin.kind());
    assertTrue(full.zones.keySet().containsAll(List.of("log-a.test.", "log-c.test.")));
    assertEquals(head.hash(), full.hashOfZones());
  }

  @Test
  void compactionDropsOldRevisionsAndOlderNameserversGetASnapshot() throws Exception {
    zones.create("compact.test.", List.of());
    for (int i = 1; i <= 4; i++) {
      zones.addRecord("compact.test.", new RecordSpec("r" + i, "A", null, "192.0.2." + i));
    }
    ConfigHeadView head = revisions.head();
    long old = head.revision() - 3;
    ConfigHash oldHash = revisions.hashAt(old).orElseThrow();
    long recent = head.revision() - 1;
    ConfigHash recentHash = revisions.hashAt(recent).orElseThrow();
    progress.record("ns-compact", old);
    progress.record("ns-compact", head.revision());
    assertEquals(Message.Kind.DELTA, transferFrom(old, oldHash).begin.kind());

    assertTrue(revisionLog.compact(2) >= 3);

    assertEquals(head.revision() - 1, revisionLog.oldestKept());
    assertTrue(revisions.hashAt(old).isEmpty(), "revision " + old + " compacted away");
    Received tooOld = transferFrom(old, oldHash);
    assertEquals(Message.Kind.SNAPSHOT, tooOld.begin.kind());
    assertEquals(head.hash(), tooOld.hashOfZones());
    Received kept = transferFrom(recent, recentHash);
    assertEquals(Message.Kind.DELTA, kept.begin.kind());
    assertEquals(List.of("compact.test."), List.copyOf(kept.zones.keySet()));
    // a nameserver still at the empty config (revision 0) is no longer covered either
    assertEquals(Message.Kind.SNAPSHOT, transferFrom(0, ConfigHash.EMPTY).begin.kind());
    // the progress rows of compacted revisions went with them
    assertEquals(
        progress.reachedAt("ns-compact", head.revision()), progress.reachedAt("ns-compact", old));
    assertEquals(0, revisionLog.compact(2), "compaction is idempotent");
  }

  @Test
  void progressTellsWhenANameserverFirstHeldARevisionOrNewer() {
    assertTrue(progress.reachedAt("ns-progress", 1).isEmpty());
    progress.record("ns-progress", 10);
    var at10 = progress.reachedAt("ns-progress", 10).orElseThrow();
    progress.record("ns-progress", 12);
    assertEquals(at10, progress.reachedAt("ns-progress", 5).orElseThrow());
    assertEquals(at10, progress.reachedAt("ns-progress", 10).orElseThrow());
    assertTrue(!progress.reachedAt("ns-progress", 11).orElseThrow().isBefore(at10));
    assertTrue(progress.reachedAt("ns-progress", 13).isEmpty());
    assertTrue(progress.reachedAt("ns-other", 1).isEmpty());
  }

  @Test
  void theSchemaComesFromTheMigrationsNotFromEclipseLink() throws Exception {
    // the test database starts empty; had EclipseLink created a table first, V1 would have failed
    List<String> history = new ArrayList<>();
    try (java.sql.Connection c = dataSource.getConnection();
        java.sql.ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT version, type, success FROM flyway_schema_history"
                        + " ORDER BY installed_rank")) {
      while (r.next()) {
        history.add(r.getString(1) + " " + r.getString(2) + " " + r.getBoolean(3));
      }
    }
    assertFalse(history.isEmpty(), "no migration history");
    assertEquals("1 SQL true", history.get(0), history.toString());
    assertFalse(history.stream().anyMatch(h -> h.contains("BASELINE")), history.toString());

    // what the entities need is there: e.g. the record sequence hands out blocks of 50
    try (java.sql.Connection c = dataSource.getConnection();
        java.sql.ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT increment_by FROM pg_sequences WHERE sequencename = 'record_seq'")) {
      assertTrue(r.next(), "record_seq missing");
      assertEquals(50, r.getLong(1));
    }
  }

  // ---- REST, from outside ----

  @Test
  @RunAsClient
  void aStaleRecordEditGetsAConflictAndTheFirstEditStays() throws Exception {
    assertEquals(
        201,
        send(
                "POST",
                "api/v1/zones",
                "{\"name\":\"race.test\",\"records\":[{\"name\":\"www\",\"type\":\"A\",\"data\":\"192.0.2.1\"}]}")
            .statusCode());
    // two clients read the same record
    JsonObject read = wwwOf(send("GET", "api/v1/zones/race.test.", null).body());
    long id = read.getJsonNumber("id").longValue();
    long version = read.getJsonNumber("version").longValue();
    String path = "api/v1/zones/race.test./records/" + id;

    HttpResponse<String> first =
        send(
            "PUT",
            path,
            HttpApi.body(
                Map.of("name", "www", "type", "A", "data", "192.0.2.2", "version", version)));
    assertEquals(200, first.statusCode(), first.body());
    long now = json(first.body()).getJsonNumber("version").longValue();
    assertTrue(now > version, first.body());

    HttpResponse<String> second =
        send(
            "PUT",
            path,
            HttpApi.body(
                Map.of("name", "www", "type", "A", "data", "192.0.2.3", "version", version)));
    assertProblem(second, 409, "version");
    assertTrue(
        json(second.body())
            .getString("detail")
            .startsWith(
                "record changed since you read it (version " + version + ", now " + now + ")"),
        second.body());

    JsonObject stored = wwwOf(send("GET", "api/v1/zones/race.test.", null).body());
    assertEquals("192.0.2.2", stored.getString("data"));
    assertEquals(now, stored.getJsonNumber("version").longValue());

    // clients that send no version still edit (last writer wins, as before versions)
    HttpResponse<String> unversioned =
        send("PUT", path, "{\"name\":\"www\",\"type\":\"A\",\"data\":\"192.0.2.4\"}");
    assertEquals(200, unversioned.statusCode(), unversioned.body());
    assertEquals(
        "192.0.2.4", wwwOf(send("GET", "api/v1/zones/race.test.", null).body()).getString("data"));

    // a delete with the version read before the last edit is refused too; with the current one
    // it deletes
    HttpResponse<String> staleDelete = send("DELETE", path + "?version=" + now, null);
    assertProblem(staleDelete, 409, "version");
    JsonObject current = wwwOf(send("GET", "api/v1/zones/race.test.", null).body());
    assertEquals("192.0.2.4", current.getString("data"));
    long currentVersion = current.getJsonNumber("version").longValue();
    assertEquals(204, send("DELETE", path + "?version=" + currentVersion, null).statusCode());
    assertFalse(
        send("GET", "api/v1/zones/race.test.", null).body().contains("192.0.2.4"),
        "deleted with the current version");
  }

  @Test
  @RunAsClient
  void theZoneListPagesAndSearchesInTheDatabase() throws Exception {
    // names of their own: the in-container tests share one database
    for (String z :
        List.of(
            "lp-b.pagedlist.test.",
            "lp-a.pagedlist.test.",
            "lp-c.pagedlist.test.",
            "lp-other.test.")) {
      assertEquals(201, send("POST", "api/v1/zones", HttpApi.body(Map.of("name", z))).statusCode());
    }
    HttpResponse<String> first = send("GET", "api/v1/zones?search=PAGEDLIST&size=2", null);
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("3", first.headers().firstValue("X-Total-Count").orElse(null));
    assertEquals(List.of("lp-a.pagedlist.test.", "lp-b.pagedlist.test."), names(first.body()));
    HttpResponse<String> second = send("GET", "api/v1/zones?search=pagedlist&size=2&page=1", null);
    assertEquals(List.of("lp-c.pagedlist.test."), names(second.body()));
    // a search that is a LIKE wildcard matches itself only
    HttpResponse<String> none = send("GET", "api/v1/zones?search=lp_%25", null);
    assertEquals("0", none.headers().firstValue("X-Total-Count").orElse(null), none.body());
    assertProblem(send("GET", "api/v1/zones?size=0", null), 400, "size");
    assertProblem(send("GET", "api/v1/zones?page=-1", null), 400, "page");
    // without parameters: every zone, as before
    assertTrue(names(send("GET", "api/v1/zones", null).body()).contains("lp-other.test."));
  }

  @Test
  @RunAsClient
  void aZoneFileImportedOverRestIsPreviewedThenAppliedAsOneChange() throws Exception {
    assertEquals(
        201,
        send(
                "POST",
                "api/v1/zones",
                "{\"name\":\"imp.test.\",\"records\":[{\"name\":\"old\",\"type\":\"A\",\"data\":\"192.0.2.1\"}]}")
            .statusCode());
    String file = "$TTL 300\n@ IN NS ns1.example.net.\nwww IN A 192.0.2.2\n";
    long head =
        json(send("GET", "api/v1/config", null).body()).getJsonNumber("revision").longValue();

    // the dry run says what would change and changes nothing
    HttpResponse<String> preview = send("PUT", "api/v1/zones/imp.test./file?dryRun=true", file);
    assertEquals(200, preview.statusCode(), preview.body());
    JsonObject plan = json(preview.body());
    assertEquals(2, plan.getJsonArray("added").size(), preview.body());
    assertEquals(1, plan.getJsonArray("removed").size(), preview.body());
    assertTrue(zoneFile("imp.test.").contains("192.0.2.1"));

    // applied: the zone holds exactly the file's records (its SOA aside), in one revision
    HttpResponse<String> applied = send("PUT", "api/v1/zones/imp.test./file", file);
    assertEquals(200, applied.statusCode(), applied.body());
    String now = zoneFile("imp.test.");
    assertTrue(now.contains("192.0.2.2") && now.contains("ns1.example.net."), now);
    assertFalse(now.contains("192.0.2.1"), now);
    assertTrue(now.contains("SOA"), now);
    assertEquals(
        head + 1,
        json(send("GET", "api/v1/config", null).body()).getJsonNumber("revision").longValue());

    // a file that does not parse, or an empty one, is refused naming the file; nothing changes
    assertProblem(
        send("PUT", "api/v1/zones/imp.test./file", "www IN A 192.0.2.999\n"), 400, "file");
    assertProblem(send("PUT", "api/v1/zones/imp.test./file", " "), 400, "file");
    assertEquals(now, zoneFile("imp.test."));
  }

  @Test
  @RunAsClient
  void aZonesRecordsArePagedWithTotalCountNextLinkAndSearch() throws Exception {
    assertEquals(201, send("POST", "api/v1/zones", "{\"name\":\"rp.test.\"}").statusCode());
    StringBuilder file = new StringBuilder("$TTL 300\n");
    for (int i = 0; i < 250; i++) {
      file.append("host-").append(i).append(" IN A 192.0.2.").append(i).append('\n');
    }
    file.append("mail IN MX 10 mx.example.net.\n");
    assertEquals(200, send("PUT", "api/v1/zones/rp.test./file", file.toString()).statusCode());

    // without parameters: the first 100 in name order, 252 in all (the SOA among them)
    HttpResponse<String> first = send("GET", "api/v1/zones/rp.test./records", null);
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("252", first.headers().firstValue("X-Total-Count").orElse(null));
    assertEquals(100, array(first.body()).size());
    String next = first.headers().firstValue("Link").orElse("");
    assertTrue(
        next.contains("/api/v1/zones/rp.test./records?page=1&size=100") && next.contains("next"),
        next);
    // the last page holds the rest and names no next page; beyond it, nothing
    HttpResponse<String> last = send("GET", "api/v1/zones/rp.test./records?page=2", null);
    assertEquals(52, array(last.body()).size(), last.body());
    assertTrue(last.headers().firstValue("Link").isEmpty(), last.headers().toString());
    assertEquals(0, array(send("GET", "api/v1/zones/rp.test./records?page=9", null).body()).size());
    // pages meet without a gap or an overlap
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int page = 0; page < 6; page++) {
      for (var r :
          array(send("GET", "api/v1/zones/rp.test./records?size=50&page=" + page, null).body())) {
        assertTrue(seen.add(r.asJsonObject().getString("name") + r.asJsonObject().get("data")));
      }
    }
    assertEquals(252, seen.size());

    // search: case-insensitive, in name, type or data; the Link keeps it
    HttpResponse<String> mx = send("GET", "api/v1/zones/rp.test./records?search=mx", null);
    assertEquals("1", mx.headers().firstValue("X-Total-Count").orElse(null), mx.body());
    assertEquals("MX", array(mx.body()).getJsonObject(0).getString("type"));
    HttpResponse<String> host1 =
        send("GET", "api/v1/zones/rp.test./records?search=HOST-1&size=5", null);
    // host-1, host-10..19, host-100..199
    assertEquals("111", host1.headers().firstValue("X-Total-Count").orElse(null));
    assertTrue(
        host1.headers().firstValue("Link").orElse("").contains("search=HOST-1&page=1&size=5"),
        host1.headers().toString());
    assertEquals(
        "0",
        send("GET", "api/v1/zones/rp.test./records?search=host_%25", null)
            .headers()
            .firstValue("X-Total-Count")
            .orElse(null));

    // sorted by another column, descending; the Link keeps the order
    HttpResponse<String> byType =
        send("GET", "api/v1/zones/rp.test./records?sort=-type&size=1", null);
    assertEquals("SOA", array(byType.body()).getJsonObject(0).getString("type"), byType.body());
    assertTrue(
        byType.headers().firstValue("Link").orElse("").contains("sort=-type&page=1&size=1"),
        byType.headers().toString());
    assertEquals(
        "A",
        array(send("GET", "api/v1/zones/rp.test./records?sort=type&size=1", null).body())
            .getJsonObject(0)
            .getString("type"));
    assertProblem(send("GET", "api/v1/zones/rp.test./records?sort=colour", null), 400, "sort");

    // the zone itself: its count and its first page, a Link to the rest
    HttpResponse<String> zone = send("GET", "api/v1/zones/rp.test.", null);
    assertEquals(252, json(zone.body()).getJsonNumber("recordCount").longValue());
    assertEquals(100, json(zone.body()).getJsonArray("records").size());
    assertTrue(
        zone.headers().firstValue("Link").orElse("").contains("records?page=1&size=100"),
        zone.headers().toString());

    assertProblem(send("GET", "api/v1/zones/rp.test./records?size=0", null), 400, "size");
    assertProblem(send("GET", "api/v1/zones/rp.test./records?size=1001", null), 400, "size");
    assertProblem(send("GET", "api/v1/zones/rp.test./records?page=-1", null), 400, "page");
    assertProblem(send("GET", "api/v1/zones/rp.test./records?size=abc", null), 400, "size");
    assertProblem(send("GET", "api/v1/zones/rp.test./records?page=1e9", null), 400, "page");
  }

  @Test
  @RunAsClient
  void aHundredThousandRecordFileIsImportedInABoundedHeapAndExportedAsImported() throws Exception {
    assertEquals(201, send("POST", "api/v1/zones", "{\"name\":\"big.test.\"}").statusCode());
    int records = 100_000;
    StringBuilder file = new StringBuilder("$TTL 300\n");
    java.util.Set<String> lines = new java.util.HashSet<>();
    for (int i = 0; i < records; i++) {
      String owner = "h" + i;
      String address = "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
      file.append(owner).append(" A ").append(address).append('\n');
      lines.add(owner + ".big.test. 300 IN A " + address);
    }
    try {
      importsExportsAndRefuses(file, lines);
    } finally {
      // a zone this size in the shared database would slow every later snapshot test
      assertEquals(204, send("DELETE", "api/v1/zones/big.test.", null).statusCode());
    }
  }

  private void importsExportsAndRefuses(StringBuilder file, java.util.Set<String> lines)
      throws Exception {
    int records = lines.size();

    // the dry run counts everything and shows samples, saying so
    HttpResponse<String> dry =
        send("PUT", "api/v1/zones/big.test./file?dryRun=true", file.toString());
    assertEquals(200, dry.statusCode(), dry.body());
    JsonObject plan = json(dry.body());
    assertEquals(records, plan.getInt("addedCount"));
    assertEquals(0, plan.getInt("removedCount"));
    assertEquals(100, plan.getJsonArray("added").size());
    assertTrue(plan.getBoolean("truncated"));
    assertTrue(dry.body().length() < 20_000, "preview of " + dry.body().length() + " chars");
    assertEquals(
        "1",
        send("GET", "api/v1/zones/big.test./records", null)
            .headers()
            .firstValue("X-Total-Count")
            .orElse(null));

    // applied (with -Xmx512m, see arquillian.xml): the zone lists and exports every record
    HttpResponse<String> applied = send("PUT", "api/v1/zones/big.test./file", file.toString());
    assertEquals(200, applied.statusCode(), applied.body());
    assertEquals(records, json(applied.body()).getInt("addedCount"));
    HttpResponse<String> lastPage =
        send("GET", "api/v1/zones/big.test./records?size=1000&page=100", null);
    assertEquals(
        String.valueOf(records + 1), lastPage.headers().firstValue("X-Total-Count").orElse(null));
    assertEquals(1, array(lastPage.body()).size());
    String exported = zoneFile("big.test.");
    List<String> out = exported.lines().toList();
    assertEquals("$ORIGIN big.test.", out.get(0));
    assertTrue(out.get(1).contains("\tSOA\t"), out.get(1));
    // dnsjava pads short owners with a second tab: compare the fields
    java.util.Set<String> exportedLines = new java.util.HashSet<>();
    out.subList(2, out.size()).forEach(l -> exportedLines.add(l.replaceAll("\\s+", " ")));
    assertEquals(records, out.size() - 2, "records exported");
    assertTrue(exportedLines.equals(lines), "the export holds exactly the imported records");

    // the same file again changes nothing; one record more than the limit is refused whole
    HttpResponse<String> again = send("PUT", "api/v1/zones/big.test./file", file.toString());
    assertEquals(records, json(again.body()).getInt("unchanged"), again.body());
    assertEquals(0, json(again.body()).getInt("addedCount"), again.body());
    // without its first 2,500 records and with a new one: removed by id in batches
    String fewer =
        "$TTL 300\n" + file.substring(file.indexOf("\nh2500 ") + 1) + "new A 192.0.2.1\n";
    HttpResponse<String> smaller = send("PUT", "api/v1/zones/big.test./file", fewer);
    assertEquals(200, smaller.statusCode(), smaller.body());
    assertEquals(2500, json(smaller.body()).getInt("removedCount"), smaller.body());
    assertEquals(1, json(smaller.body()).getInt("addedCount"), smaller.body());
    assertEquals(
        String.valueOf(records - 2500 + 1 + 1),
        send("GET", "api/v1/zones/big.test./records?size=1", null)
            .headers()
            .firstValue("X-Total-Count")
            .orElse(null));
    file.append("one-more A 192.0.2.1\n");
    HttpResponse<String> tooMany = send("PUT", "api/v1/zones/big.test./file", file.toString());
    assertProblem(tooMany, 413, "file");
    assertTrue(tooMany.body().contains("felu.import.max-records"), tooMany.body());
  }

  @Test
  @RunAsClient
  void manyZoneFilesArePreviewedImportedAsOneChangeAndRefusedWhole() throws Exception {
    Map<String, String> files = new java.util.LinkedHashMap<>();
    files.put(
        "bulk-a.test",
        "$TTL 300\n@ SOA ns1.bulk-a.test. hostmaster.bulk-a.test. 2024010101 3600 600 1209600"
            + " 300\n@ NS ns1\nns1 A 192.0.2.1\nwww A 192.0.2.2\n");
    files.put("bulk-b.test.", "www A 192.0.2.3\n@ MX 10 www\n");
    files.put("BULK-C.test", "$ORIGIN bulk-c.test.\nv6 AAAA 2001:db8::1\ntxt TXT \"a b\"\n");
    long before = head();

    // the dry run shows the plan and changes nothing
    HttpResponse<String> dry = bulk("api/v1/zones/import?dryRun=true", files);
    assertEquals(200, dry.statusCode(), dry.body());
    JsonObject plan = json(dry.body());
    assertEquals(3, plan.getInt("zonesCreated"), dry.body());
    assertEquals(4 + 3 + 3, plan.getJsonNumber("addedCount").longValue(), dry.body());
    JsonObject a = plan.getJsonArray("zones").getJsonObject(0);
    assertEquals("bulk-a.test.", a.getString("zone"));
    assertTrue(a.getBoolean("created"));
    assertEquals(4, a.getJsonObject("changes").getInt("addedCount"));
    assertEquals(before, head());
    assertEquals(404, send("GET", "api/v1/zones/bulk-a.test.", null).statusCode());

    // the run creates them in one revision, each with its file's SOA or a default one
    HttpResponse<String> run = bulk("api/v1/zones/import", files);
    assertEquals(200, run.statusCode(), run.body());
    assertEquals(before + 1, json(run.body()).getJsonNumber("revision").longValue(), run.body());
    assertEquals(before + 1, head());
    assertTrue(zoneFile("bulk-a.test.").contains("2024010101"), "the file's SOA serial is kept");
    assertEquals(
        "3",
        send("GET", "api/v1/zones/bulk-c.test./records", null)
            .headers()
            .firstValue("X-Total-Count")
            .orElse(null));
    String revision = send("GET", "api/v1/config/revisions/" + (before + 1), null).body();
    for (String zone : List.of("bulk-a.test.", "bulk-b.test.", "bulk-c.test.")) {
      assertTrue(revision.contains(zone), revision);
    }

    // the same files with one changed: only that difference, again one revision
    files.put("bulk-b.test.", "www A 192.0.2.4\n@ MX 10 www\n");
    HttpResponse<String> again = bulk("api/v1/zones/import", files);
    assertEquals(200, again.statusCode(), again.body());
    JsonObject changed = json(again.body());
    assertEquals(0, changed.getInt("zonesCreated"), again.body());
    assertEquals(1, changed.getInt("zonesChanged"), again.body());
    assertEquals(2, changed.getInt("zonesUnchanged"), again.body());
    assertEquals(1, changed.getJsonNumber("addedCount").longValue(), again.body());
    assertEquals(1, changed.getJsonNumber("removedCount").longValue(), again.body());
    assertEquals(before + 2, head());
    assertTrue(
        wwwOf(send("GET", "api/v1/zones/bulk-b.test.", null).body())
            .toString()
            .contains("192.0.2.4"));

    // a file with an error changes nothing, not even the good files beside it
    files.put("bulk-b.test.", "www A 192.0.2.5\n");
    files.put("bulk-d.test", "www A 192.0.2.6\n\nmail.example.org. A 192.0.2.7\n");
    HttpResponse<String> bad = bulk("api/v1/zones/import", files);
    assertProblem(bad, 400, "bulk-d.test");
    String detail = json(bad.body()).getString("detail");
    assertTrue(detail.startsWith("zone bulk-d.test.: line 3: "), detail);
    assertEquals(before + 2, head());
    assertEquals(404, send("GET", "api/v1/zones/bulk-d.test.", null).statusCode());
    assertTrue(
        wwwOf(send("GET", "api/v1/zones/bulk-b.test.", null).body())
            .toString()
            .contains("192.0.2.4"));

    // a zone given twice, and a request with no zone file, are refused
    Map<String, String> twice = new java.util.LinkedHashMap<>();
    twice.put("bulk-e.test", "www A 192.0.2.1\n");
    twice.put("BULK-E.test.", "www A 192.0.2.1\n");
    assertProblem(bulk("api/v1/zones/import", twice), 400, "BULK-E.test.");
    HttpResponse<String> none = bulk("api/v1/zones/import", Map.of());
    assertEquals(400, none.statusCode(), none.body());
    assertEquals(before + 2, head());
  }

  /** The head revision, as GET /config says. */
  private long head() throws Exception {
    return json(send("GET", "api/v1/config", null).body()).getJsonNumber("revision").longValue();
  }

  /** POST of zone files as multipart/form-data, one part per zone. */
  private HttpResponse<String> bulk(String path, Map<String, String> files) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("Accept", "application/json")
                .header("Authorization", ADMIN)
                .header("Content-Type", HttpApi.MULTIPART)
                .POST(HttpRequest.BodyPublishers.ofString(HttpApi.multipart(files)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** GET /zones/{zone}/file, which answers text/dns. */
  private String zoneFile(String zone) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(base.toString()).resolve("api/v1/zones/" + zone + "/file"))
                    .header("Authorization", ADMIN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  private static List<String> names(String zoneList) {
    return Json.createReader(new StringReader(zoneList)).readArray().stream()
        .map(v -> v.asJsonObject().getString("name"))
        .toList();
  }

  private static JsonObject wwwOf(String zone) {
    return json(zone).getJsonArray("records").stream()
        .map(JsonObject.class::cast)
        .filter(r -> r.getString("name").startsWith("www.") && r.getString("type").equals("A"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no www A record in " + zone));
  }

  @Test
  @RunAsClient
  void restCreatesReadsAndDeletesAZone() throws Exception {
    HttpResponse<String> created =
        send(
            "POST",
            "api/v1/zones",
            "{\"name\":\"rest.test\",\"records\":[{\"name\":\"www\",\"type\":\"AAAA\",\"ttl\":60,\"data\":\"2001:db8::1\"}]}");
    assertEquals(201, created.statusCode(), created.body());
    assertTrue(
        created.headers().firstValue("Location").orElse("").endsWith("/api/v1/zones/rest.test."));

    JsonObject zone = json(send("GET", "api/v1/zones/rest.test", null).body());
    assertEquals("rest.test.", zone.getString("name"));
    assertTrue(
        zone.getJsonArray("records").stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                r ->
                    r.getString("type").equals("AAAA")
                        && r.getString("data").equals("2001:db8::1")));
    assertTrue(names(send("GET", "api/v1/zones", null).body()).contains("rest.test."));

    assertEquals(204, send("DELETE", "api/v1/zones/rest.test.", null).statusCode());
    HttpResponse<String> gone = send("GET", "api/v1/zones/rest.test.", null);
    assertEquals(404, gone.statusCode());
    assertEquals("application/problem+json", gone.headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  @RunAsClient
  void restRefusesBadInputWithProblemsNamingTheField() throws Exception {
    assertProblem(send("POST", "api/v1/zones", "{\"name\":\"bad..name\"}"), 400, "name");
    assertEquals(201, send("POST", "api/v1/zones", "{\"name\":\"dup.test.\"}").statusCode());
    assertProblem(send("POST", "api/v1/zones", "{\"name\":\"dup.test.\"}"), 409, "name");
    assertProblem(
        send(
            "POST",
            "api/v1/zones/dup.test./records",
            "{\"name\":\"x\",\"type\":\"NOPE\",\"data\":\"1\"}"),
        400,
        "type");
    assertProblem(
        send(
            "POST",
            "api/v1/zones/dup.test./records",
            "{\"name\":\"x.other.test.\",\"type\":\"A\",\"data\":\"192.0.2.1\"}"),
        400,
        "name");
    assertProblem(send("POST", "api/v1/zones/dup.test./records", "{not json"), 400, "body");

    // Bean Validation on the resources: the same problem shape, the field as the client named it
    HttpResponse<String> noBody = send("POST", "api/v1/zones", null);
    assertProblem(noBody, 400, "body");
    JsonObject p = json(noBody.body());
    assertEquals("urn:felu:problem:invalid-input", p.getString("type"), noBody.body());
    assertEquals("Invalid input", p.getString("title"));
    assertEquals("a JSON body with the zone's name is required", p.getString("detail"));
    assertEquals("/api/v1/zones", p.getString("instance").replaceFirst("^.*(/api/)", "$1"));
    assertProblem(send("PUT", "api/v1/zones/dup.test./records/1", null), 400, "body");
    assertProblem(send("POST", "api/v1/nameservers", null), 400, "body");
    assertProblem(send("GET", "api/v1/zones?size=abc", null), 400, "size");
    assertProblem(send("GET", "api/v1/zones?page=2147483648", null), 400, "page");
    assertProblem(send("GET", "api/v1/config/revisions?limit=abc", null), 400, "limit");
    assertProblem(send("GET", "api/v1/config/revisions?limit=501", null), 400, "limit");
    assertProblem(send("GET", "api/v1/audit?size=501", null), 400, "size");
    assertProblem(send("GET", "api/v1/audit?page=x", null), 400, "page");
    assertProblem(send("GET", "api/v1/audit?from=yesterday", null), 400, "from");
    assertProblem(
        send("DELETE", "api/v1/zones/dup.test./records/1?version=v1", null), 400, "version");
    HttpResponse<String> longSort =
        send("GET", "api/v1/zones/dup.test./records?sort=" + "x".repeat(5000), null);
    assertProblem(longSort, 400, "sort");
    assertTrue(longSort.body().length() < 1000, "the input is not echoed: " + longSort.body());
  }

  @Test
  @RunAsClient
  void restRegistersNameserversShowingTheirBootstrapTokenOnlyOnce() throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "api/v1/nameservers",
            "{\"name\":\"nsx\",\"configUrl\":\"ws://127.0.0.1:9/ns/config\",\"dnsHost\":\"127.0.0.1\",\"dnsPort\":5399}");
    assertEquals(201, r.statusCode(), r.body());
    String token = json(r.body()).getString("bootstrapToken");
    String keyId = json(r.body()).getJsonArray("keys").getJsonObject(0).getString("keyId");
    assertTrue(token.startsWith("felu1.nsx." + keyId + "."), "token names nameserver and key");
    String material = token.substring(token.lastIndexOf('.') + 1);

    String listed = send("GET", "api/v1/nameservers", null).body();
    assertTrue(names(listed).contains("nsx"), listed);
    JsonObject ns = json(send("GET", "api/v1/nameservers/nsx", null).body());
    for (String shown : List.of(listed, ns.toString())) {
      assertFalse(shown.contains(material), "key material must never be shown again");
      assertFalse(shown.contains("bootstrapToken"), shown);
    }
    assertEquals("ACTIVE", ns.getJsonArray("keys").getJsonObject(0).getString("state"));
    assertFalse(ns.getJsonObject("status").getBoolean("connected"), "nothing listens on port 9");

    // a rotation issues a pending key, its token shown once; the active key stays
    HttpResponse<String> rotated = send("POST", "api/v1/nameservers/nsx/keys", null);
    assertEquals(201, rotated.statusCode(), rotated.body());
    JsonObject issued = json(rotated.body());
    assertEquals("PENDING", issued.getString("state"));
    assertTrue(
        issued.getString("bootstrapToken").startsWith("felu1.nsx." + issued.getString("keyId")));
    String after = send("GET", "api/v1/nameservers/nsx", null).body();
    assertFalse(after.contains(issued.getString("bootstrapToken").substring(20)));
    JsonObject keys = json(after);
    assertEquals(2, keys.getJsonArray("keys").size(), after);
    assertEquals("PENDING", keys.getJsonArray("keys").getJsonObject(1).getString("state"));
    assertEquals(404, send("POST", "api/v1/nameservers/nope/keys", null).statusCode());

    assertProblem(
        send(
            "POST",
            "api/v1/nameservers",
            "{\"name\":\"nsy\",\"configUrl\":\"http://x/\",\"dnsHost\":\"127.0.0.1\"}"),
        400,
        "configUrl");
    assertProblem(
        send(
            "POST",
            "api/v1/nameservers",
            "{\"name\":\"NS Y\",\"configUrl\":\"ws://x/\",\"dnsHost\":\"127.0.0.1\"}"),
        400,
        "name");
    assertEquals(204, send("DELETE", "api/v1/nameservers/nsx", null).statusCode());
  }

  @Test
  @RunAsClient
  void theOpenApiDocumentDescribesEveryEndpointWithItsRoleAndProblems() throws Exception {
    // anonymous, as documented: the document describes the API and holds no data or secret
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.toURI().resolve("/openapi?format=JSON")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    JsonObject doc = json(r.body());
    assertEquals("felu management API", doc.getJsonObject("info").getString("title"));
    List<String> gaps = OpenApiCheck.gaps(doc);
    assertTrue(gaps.isEmpty(), "the OpenAPI document at /openapi:\n" + String.join("\n", gaps));
    // a paging parameter, taken as text for a clear 400, is documented as the integer it is
    JsonObject size =
        doc
            .getJsonObject("paths")
            .getJsonObject("/api/v1/zones/{zone}/records")
            .getJsonObject("get")
            .getJsonArray("parameters")
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(p -> p.getString("name").equals("size"))
            .findFirst()
            .orElseThrow()
            .getJsonObject("schema");
    assertEquals("integer", size.getString("type"), size.toString());
    assertEquals(1000, size.getInt("maximum"), size.toString());
    // no host or port of the server, no secret
    for (var server : doc.getJsonArray("servers")) {
      assertTrue(server.asJsonObject().getString("url").startsWith("/"), server.toString());
    }
    assertFalse(r.body().contains(System.getProperty("felu.test.admin.password")));
  }

  @Test
  @RunAsClient
  void readinessReportsTheDatabaseAndTheFinishedStart() throws Exception {
    HttpResponse<String> ready = health("/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    assertEquals("UP", json(ready.body()).getString("status"), ready.body());
    JsonObject database = check(ready, "database");
    assertEquals("UP", database.getString("status"), ready.body());
    // started: the start-up beans ran (schema, head row, first admin, endpoints, fleet driver),
    // and it says where login failures are counted: this Payara Micro runs without Hazelcast, so
    // there is no data grid and they are counted in memory
    JsonObject startup = check(ready, "startup");
    assertEquals("UP", startup.getString("status"), ready.body());
    JsonObject data = startup.getJsonObject("data");
    assertEquals("started", data.getString("phase"), ready.body());
    assertTrue(
        java.time.Instant.parse(data.getString("startedAt")).isBefore(java.time.Instant.now()),
        ready.body());
    assertEquals("this instance's memory", data.getString("loginThrottling"), ready.body());

    // the same check on /health/started (MicroProfile Health's start-up probe)
    HttpResponse<String> started = health("/health/started");
    assertEquals(200, started.statusCode(), started.body());
    assertEquals("UP", check(started, "startup").getString("status"), started.body());
    // liveness does not ask the database or the start: only what a restart would cure
    HttpResponse<String> live = health("/health/live");
    assertEquals(200, live.statusCode(), live.body());
    assertTrue(
        json(live.body()).getJsonArray("checks").stream()
            .map(c -> c.asJsonObject().getString("name"))
            .noneMatch(n -> n.equals("database") || n.equals("startup")),
        live.body());
  }

  private HttpResponse<String> health(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(base.toURI().resolve(path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject check(HttpResponse<String> health, String name) {
    return json(health.body()).getJsonArray("checks").stream()
        .map(c -> c.asJsonObject())
        .filter(c -> c.getString("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + health.body()));
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
            .header("Accept", "application/json")
            .header("Authorization", ADMIN);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertProblem(HttpResponse<String> r, int status, String field) {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
    JsonObject p = json(r.body());
    assertEquals(status, p.getInt("status"));
    assertEquals(field, p.getString("field"), r.body());
    assertFalse(p.getString("detail").isBlank());
  }

  private static jakarta.json.JsonArray array(String body) {
    return Json.createReader(new StringReader(body)).readArray();
  }

  private static JsonObject json(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }
}
