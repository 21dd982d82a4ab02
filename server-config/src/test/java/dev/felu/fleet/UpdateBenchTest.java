package dev.felu.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * What the UPDATE bench computes and sends: the pacing, a run's losses and percentiles, the step
 * search, the signed update, BIND's configuration; not how fast anything is.
 */
class UpdateBenchTest {
  private static final long MS = 1_000_000L;

  @Test
  void pacesUpdatesEvenlyAtTheRate() {
    long start = 1_000_000_000L;
    assertEquals(start, UpdateBench.due(start, 0, 200));
    assertEquals(start + 5 * MS, UpdateBench.due(start, 1, 200));
    assertEquals(start + 1_000 * MS, UpdateBench.due(start, 200, 200));
    assertEquals(start + 10_000 * MS, UpdateBench.due(start, 500, 50));
    // no drift over a long run at a rate that does not divide a second
    assertEquals(start + 10_000 * MS, UpdateBench.due(start, 30_000, 3000));
    assertEquals(start + 333_333, UpdateBench.due(start, 1, 3000));
  }

  @Test
  void aRunWhereEveryUpdateIsServedEverywhereIsTaken() {
    int n = 100;
    long[] sent = new long[n];
    long[] answered = new long[n];
    int[] rcodes = new int[n];
    long[][] served = new long[2][n];
    for (int i = 0; i < n; i++) {
      sent[i] = UpdateBench.due(0, i, 100) + 1;
      answered[i] = sent[i] + 2 * MS;
      rcodes[i] = Rcode.NOERROR;
      served[0][i] = sent[i] + 10 * MS;
      // the second nameserver is slower: it decides when an update is served everywhere
      served[1][i] = sent[i] + (i + 1) * MS;
    }
    UpdateBench.Run run =
        UpdateBench.Run.of(100, sent, answered, rcodes, served, Map.of("named", 50.0));
    assertEquals(100, run.updates());
    assertEquals(100, run.noerror());
    assertEquals(100, run.servedEverywhere());
    assertEquals(0, run.lost());
    assertEquals(2.0, run.answerP50(), 1e-9);
    // max(10, i + 1) ms: 10 for i < 10, then 11 … 100
    assertEquals(50.0, run.servedP50(), 1e-9);
    assertEquals(99.0, run.servedP99(), 1e-9);
    assertEquals(100.0, run.servedMax(), 1e-9);
    assertEquals(100.0, run.sentPerSecond(), 0.01);
    assertTrue(run.taken(), run.summary());
    assertEquals(0.5, run.cpuMillisPerUpdate(), 1e-9);
    assertEquals("0.5 ms", run.cpuPerUpdate());
    java.util.Map<String, Double> byProcess = new java.util.LinkedHashMap<>();
    byProcess.put("management", 300.0);
    byProcess.put("nameservers", 100.0);
    assertEquals(
        "4.0 ms (management 3.0 ms, nameservers 1.0 ms)",
        UpdateBench.Run.of(100, sent, answered, rcodes, served, byProcess).cpuPerUpdate());
  }

  @Test
  void anErrorAnUnansweredUpdateOrOneNameserverMissingItIsALoss() {
    int n = 10;
    long[] sent = new long[n];
    long[] answered = new long[n];
    int[] rcodes = new int[n];
    long[][] served = new long[2][n];
    for (int i = 0; i < n; i++) {
      sent[i] = UpdateBench.due(0, i, 10) + 1;
      answered[i] = sent[i] + MS;
      rcodes[i] = Rcode.NOERROR;
      served[0][i] = sent[i] + 5 * MS;
      served[1][i] = sent[i] + 5 * MS;
    }
    rcodes[2] = Rcode.REFUSED;
    rcodes[5] = -1; // never answered, though served: not answered NOERROR
    served[1][7] = 0; // ns2 never served it
    UpdateBench.Run run =
        UpdateBench.Run.of(10, sent, answered, rcodes, served, Map.of("named", 50.0));
    assertEquals(8, run.noerror());
    assertEquals(1, run.otherRcode());
    assertEquals(1, run.unanswered());
    assertEquals(7, run.servedEverywhere());
    assertEquals(3, run.lost());
    assertFalse(run.taken());
    assertEquals("3", run.row("felu")[3]);
  }

  @Test
  void aServerThatFallsBehindIsNotTakenThoughNothingIsLost() {
    // 200/s offered for 1 s, served at 100/s: the last one 2 s after the first was sent
    int n = 200;
    long[] sent = new long[n];
    long[] answered = new long[n];
    int[] rcodes = new int[n];
    long[][] served = new long[1][n];
    for (int i = 0; i < n; i++) {
      sent[i] = UpdateBench.due(0, i, 200) + 1;
      answered[i] = 10 * MS * (i + 1);
      served[0][i] = answered[i] + MS;
    }
    UpdateBench.Run run =
        UpdateBench.Run.of(200, sent, answered, rcodes, served, Map.of("named", 50.0));
    assertEquals(0, run.lost());
    assertTrue(run.servedPerSecond() < 101 && run.servedPerSecond() > 99, run.summary());
    assertFalse(run.taken(), run.summary());
    // the same served at 195/s: within the pace
    for (int i = 0; i < n; i++) {
      served[0][i] = sent[i] + 20 * MS;
    }
    assertTrue(
        UpdateBench.Run.of(200, sent, answered, rcodes, served, Map.of("named", 50.0)).taken());
    // but not when the bench could not send at the rate
    long[] late = sent.clone();
    late[n - 1] = sent[n - 1] + 500 * MS;
    assertFalse(
        UpdateBench.Run.of(200, late, answered, rcodes, served, Map.of("named", 50.0)).taken());
  }

  @Test
  void searchDoublesUntilARateIsNotTakenThenHalvesTheGap() {
    UpdateBench.RateSearch search = new UpdateBench.RateSearch(3000, 6);
    search.record(50, true);
    search.record(200, true);
    List<Integer> tried = new ArrayList<>();
    int capacity = 700; // what the pretend server takes
    for (OptionalInt next = search.next(); next.isPresent(); next = search.next()) {
      tried.add(next.getAsInt());
      search.record(next.getAsInt(), next.getAsInt() <= capacity);
    }
    assertEquals(List.of(400, 800, 600, 700, 750), tried);
    assertEquals(700, search.best());
    assertEquals("50, 200, 400, 600, 700, 750✗, 800✗ /s", search.tried());
  }

  @Test
  void searchStopsAtTheMaximumTheStepsOrWhenTheGapIsATenth() {
    UpdateBench.RateSearch capped = new UpdateBench.RateSearch(500, 6);
    capped.record(200, true);
    assertEquals(OptionalInt.of(400), capped.next());
    capped.record(400, true);
    assertEquals(OptionalInt.of(500), capped.next());
    capped.record(500, true);
    assertEquals(OptionalInt.empty(), capped.next());

    UpdateBench.RateSearch few = new UpdateBench.RateSearch(3000, 1);
    few.record(200, true);
    assertEquals(OptionalInt.of(400), few.next());
    few.record(400, true);
    assertEquals(OptionalInt.empty(), few.next());

    UpdateBench.RateSearch close = new UpdateBench.RateSearch(3000, 6);
    close.record(1000, true);
    close.record(1100, false);
    assertEquals(OptionalInt.empty(), close.next());
  }

  @Test
  void searchGoesBelowTheFixedRatesWhenTheyAreNotTaken() {
    UpdateBench.RateSearch search = new UpdateBench.RateSearch(3000, 6);
    search.record(50, false);
    search.record(200, false);
    List<Integer> tried = new ArrayList<>();
    for (OptionalInt next = search.next(); next.isPresent(); next = search.next()) {
      tried.add(next.getAsInt());
      search.record(next.getAsInt(), next.getAsInt() <= 7); // a slow server
    }
    // below 100 to the unit: 25, 12, 6 taken, 9, 7 taken, 8 not: 7 and 8 are 1/s apart
    assertEquals(List.of(25, 12, 6, 9, 7, 8), tried);
    assertEquals(7, search.best());
  }

  @Test
  void theUpdateReplacesOneTxtRrsetAndIsSigned() throws Exception {
    Name zone = Name.fromString(UpdateBench.ZONE);
    Name name = Name.fromString("u7", zone);
    String secret = Base64.getEncoder().encodeToString(new byte[32]);
    TSIG key = new TSIG(TSIG.HMAC_SHA256, UpdateBench.KEY, secret);
    byte[] wire = UpdateBench.update(zone, name, 1007, 42, key);
    Message m = new Message(wire);
    assertEquals(42, m.getHeader().getID());
    assertEquals(zone, m.getSection(Section.ZONE).get(0).getName());
    List<Record> updates = m.getSection(Section.UPDATE);
    assertEquals(2, updates.size());
    assertEquals(DClass.ANY, updates.get(0).getDClass()); // delete the RRset (RFC 2136 §2.5.2)
    assertEquals(Type.TXT, updates.get(0).getType());
    assertEquals(name, updates.get(0).getName());
    assertEquals(List.of("1007"), ((TXTRecord) updates.get(1)).getStrings());
    assertEquals(Name.fromString(UpdateBench.KEY), m.getTSIG().getName());
    assertEquals(Rcode.NOERROR, key.verify(m, wire, null));
  }

  @Test
  void readsTheSequenceANameserverServes() throws Exception {
    Name name = Name.fromString("u7." + UpdateBench.ZONE);
    Message answer = Message.newQuery(Record.newRecord(name, Type.TXT, DClass.IN));
    assertEquals(-1, UpdateBench.servedSequence(answer));
    answer.addRecord(new TXTRecord(name, DClass.IN, 60, "1007"), Section.ANSWER);
    assertEquals(1007, UpdateBench.servedSequence(answer));
    Message initial = Message.newQuery(Record.newRecord(name, Type.TXT, DClass.IN));
    initial.addRecord(new TXTRecord(name, DClass.IN, 60, "-1"), Section.ANSWER);
    assertEquals(-1, UpdateBench.servedSequence(initial));
  }

  @Test
  void bindAndFeluStartFromTheSameZone() {
    String file = UpdateBench.zoneFile();
    assertTrue(file.startsWith("$ORIGIN update.test.\n@ 3600 IN SOA ns1 hostmaster 1 "), file);
    assertTrue(file.contains("\nu0 60 IN TXT \"-1\"\n"));
    assertTrue(file.contains("\nu999 60 IN TXT \"-1\"\n"));
    assertEquals(UpdateBench.NAMES + 4, file.split("\n").length);
  }

  @Test
  void namedLetsTheKeyChangeTheZonesTxtRecordsOnly() {
    String conf =
        BindServer.config(
            Path.of("/b/named"),
            5555,
            "update.test.",
            Path.of("/b/named/update.test.zone"),
            "update-bench.",
            "c2VjcmV0");
    assertTrue(conf.contains("listen-on port 5555 { 127.0.0.1; };"), conf);
    assertTrue(
        conf.contains("key \"update-bench\" {\n  algorithm hmac-sha256;\n  secret \"c2VjcmV0\";"),
        conf);
    assertTrue(conf.contains("zone \"update.test\" {\n  type primary;"), conf);
    assertTrue(conf.contains("grant update-bench subdomain update.test. TXT;"), conf);
    assertTrue(conf.contains("recursion no;") && conf.contains("notify no;"), conf);
    assertThrows(
        IllegalArgumentException.class,
        () -> BindServer.config(Path.of("/b"), 1, "update.test", Path.of("/z"), "k.", "s"));
  }

  @Test
  void refusesRunsLargerThanUpdateIdsCanTell() {
    new UpdateBench.Settings(List.of(50, 200), 10, 3000, 6);
    assertThrows(
        IllegalArgumentException.class,
        () -> new UpdateBench.Settings(List.of(50, 200), 30, 3000, 6));
    assertThrows(
        IllegalArgumentException.class, () -> new UpdateBench.Settings(List.of(), 10, 3000, 6));
    assertThrows(
        IllegalArgumentException.class, () -> new UpdateBench.Settings(List.of(0), 10, 3000, 6));
  }

  @Test
  void readsParentAndCpuTicksFromProcStat() {
    String stat =
        "4242 (postgres: felu felu 127.0.0.1(5) idle) S 4200 4200 4200 0 -1 4194560 1 0 0 0"
            + " 120 30 7 3 20 0 1 0 100 1000 10 18446744073709551615";
    assertEquals(4200, UpdateBench.parentOf(stat));
    assertEquals(160, UpdateBench.ticksOf(stat));
  }

  @Test
  void managementSettingsBecomeMicroProfileEnvironmentNames() {
    assertEquals("FELU_UPDATE_RATE_PER_KEY", Fleet.environmentName("felu.update.rate-per-key"));
    assertEquals(
        "FELU_UPDATE_WAIT_SERVED_SECONDS",
        Fleet.environmentName("felu.update.wait-served-seconds"));
  }
}
