package dev.felu.push;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The check that proves a nameserver really serves the data, beside what it says over the config
 * link: ask it over UDP at its DNS address for zones' SOA and compare the serials with the ones the
 * management server holds.
 */
final class DnsProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  /**
   * @param checked zones asked
   * @param problems one line per zone answered wrongly or not at all, empty when all is well
   */
  record Result(int checked, List<String> problems) {
    boolean ok() {
      return problems.isEmpty();
    }

    String summary() {
      return ok()
          ? "SOA serials of " + checked + " zones match"
          : problems.size() + " of " + checked + " zones wrong: " + String.join("; ", problems);
    }
  }

  private DnsProbe() {}

  /** Queries each zone's SOA once (no retries) and compares the serial. */
  static Result probe(String host, int port, Map<Name, Long> expectedSerials) {
    List<String> problems = new ArrayList<>();
    SimpleResolver resolver;
    try {
      resolver = new SimpleResolver(host);
    } catch (IOException e) {
      return new Result(0, List.of("cannot resolve DNS address " + host + ": " + e.getMessage()));
    }
    resolver.setPort(port);
    resolver.setTimeout(TIMEOUT);
    int checked = 0;
    for (Map.Entry<Name, Long> zone : expectedSerials.entrySet()) {
      checked++;
      List<String> found = check(resolver, zone.getKey(), zone.getValue());
      problems.addAll(found);
      if (!found.isEmpty() && found.get(0).contains("no answer")) {
        break; // a server that does not answer at all need not be asked ten times
      }
    }
    return new Result(checked, problems);
  }

  private static List<String> check(SimpleResolver resolver, Name zone, long expected) {
    Message answer;
    try {
      answer = resolver.send(Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN)));
    } catch (IOException e) {
      return List.of(zone + ": no answer (" + e.getMessage() + ")");
    }
    if (answer.getRcode() != Rcode.NOERROR || !answer.getHeader().getFlag(Flags.AA)) {
      return List.of(
          zone
              + ": "
              + Rcode.string(answer.getRcode())
              + (answer.getHeader().getFlag(Flags.AA) ? "" : ", not authoritative"));
    }
    for (Record r : answer.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa && soa.getName().equals(zone)) {
        return soa.getSerial() == expected
            ? List.of()
            : List.of(zone + ": serial " + soa.getSerial() + ", expected " + expected);
      }
    }
    return List.of(zone + ": no SOA in the answer");
  }
}
