package dev.felu.ns.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.felu.ns.conformance.CaseFiles.Entry;
import dev.felu.protocol.ZoneContent;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.xbill.DNS.utils.base16;

/**
 * The conformance cases as JUnit dynamic tests against any nameserver address: the reference cases
 * (what Knot DNS answers, {@code conformance/cases.txt} and {@code expected-knot.json}) and felu's
 * own ({@code felu-cases.txt}), sent over real UDP and TCP sockets. The nameserver must serve
 * {@link #zones()}. One dynamic test per case and transport, named by the case id; UDP cases whose
 * expected reply is complete (not truncated, not a malformed query) run over TCP as well, as {@code
 * "<id> (tcp)"}, and must get the same reply. How replies are compared: {@link ReplyDiff}; felu's
 * deliberate deviations from the reference: {@code felu-deviations.txt}.
 */
public final class ConformanceSuite {
  private final ServedZones zones = new ServedZones();
  private final InetSocketAddress dns;

  public ConformanceSuite(InetSocketAddress dns) {
    this.dns = dns;
  }

  /** The zones the cases expect the nameserver to serve, as the zone files hold them. */
  public static List<ZoneContent> zones() {
    return new ServedZones().contents();
  }

  public Stream<DynamicTest> knotCases() {
    return tests(CaseFiles.knotCases());
  }

  public Stream<DynamicTest> feluCases() {
    return tests(CaseFiles.feluCases());
  }

  private Stream<DynamicTest> tests(List<Entry> entries) {
    List<DynamicTest> tests = new ArrayList<>();
    for (Entry e : entries) {
      ConformanceCase c = e.query();
      tests.add(DynamicTest.dynamicTest(c.id(), () -> run(c, e.expected(), c.tcp())));
      // the same question over TCP must get the same complete answer (RFC 7766)
      // (not AXFR: over UDP it is refused or NOTIMP, over TCP it is a transfer)
      if (!c.tcp()
          && !c.has("raw")
          && !c.qtype().equalsIgnoreCase("AXFR")
          && ExpectedReply.OK.equals(e.reference().status())
          && !e.reference().tc()) {
        tests.add(DynamicTest.dynamicTest(c.id() + " (tcp)", () -> run(c, e.expected(), true)));
      }
    }
    return tests.stream();
  }

  private void run(ConformanceCase c, ExpectedReply expected, boolean tcp) throws Exception {
    int count = c.has("pipeline") ? Integer.parseInt(c.option("pipeline")) : 1;
    if (count > 1 && !tcp) {
      throw new IllegalArgumentException(c.id() + ": pipeline= needs tcp");
    }
    int firstId = ThreadLocalRandom.current().nextInt(0x10000 - count);
    List<org.xbill.DNS.Message> queries = new ArrayList<>();
    List<byte[]> wires = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      org.xbill.DNS.Message m = QueryWire.message(c, firstId + i);
      queries.add(m);
      wires.add(QueryWire.bytes(c, m));
    }
    List<ObservedReply> replies =
        tcp ? DnsExchange.tcp(dns, wires) : List.of(DnsExchange.udp(dns, wires.get(0)));

    StringBuilder report = new StringBuilder();
    int failures = 0;
    for (int i = 0; i < count; i++) {
      int id = firstId + i;
      ObservedReply o = replyFor(replies, i, id);
      List<String> diffs = ReplyDiff.compare(c, expected, o, id, zones);
      if (diffs.isEmpty()) {
        continue;
      }
      failures += diffs.size();
      if (count > 1) {
        report.append("--- query ").append(i + 1).append(" of ").append(count).append('\n');
      }
      report.append("differences:\n");
      diffs.forEach(d -> report.append("  - ").append(d).append('\n'));
      report.append("expected (").append(expected.source()).append("):\n");
      report.append(expected.describe());
      report.append("actual:\n").append(o.describe());
    }
    if (failures > 0) {
      fail(
          c.id()
              + " over "
              + (tcp ? "TCP" : "UDP")
              + ": "
              + failures
              + " difference(s)\ncase: "
              + c.describe()
              + (c.has("why") ? "\n  why: " + c.option("why") : "")
              + "\nquery"
              + (count > 1 ? " (first of " + count + ", back to back)" : "")
              + ":\n"
              + (c.has("raw")
                  ? "  raw=" + c.option("raw") + " bytes: " + base16.toString(wires.get(0)) + "\n"
                  : queries.get(0).toString().indent(2))
              + report);
    }
  }

  /** The reply carrying the query's ID, else the one in its position, else how the stream ended. */
  private static ObservedReply replyFor(List<ObservedReply> replies, int index, int id) {
    for (ObservedReply r : replies) {
      if (r.hasHeader() && r.id() == id) {
        return r;
      }
    }
    return replies.get(Math.min(index, replies.size() - 1));
  }
}
