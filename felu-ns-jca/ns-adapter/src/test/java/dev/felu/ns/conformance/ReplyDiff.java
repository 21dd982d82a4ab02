package dev.felu.ns.conformance;

import dev.felu.ns.conformance.ExpectedReply.Part;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base16;

/**
 * Compares one observed reply with what a case expects, as the conformance README says: rcode
 * (extended rcodes included), AA and TC, the echoed question (case-sensitive), EDNS presence and
 * version, the EDNS option codes, and answer/authority/additional as sets of RRsets with their
 * TTLs. Allowances: {@code lenient=} fields are skipped ({@code all} skips every field but still
 * wants a reply); an outcome named in {@code accept=} passes; on positive answers the zone's own
 * apex NS RRset may be added to authority and its addresses to additional; when expected and
 * observed are both truncated, section contents are not compared.
 */
final class ReplyDiff {
  private final ConformanceCase c;
  private final ExpectedReply e;
  private final ObservedReply o;
  private final int queryId;
  private final ServedZones zones;
  private final List<String> diffs = new ArrayList<>();

  private ReplyDiff(
      ConformanceCase c, ExpectedReply e, ObservedReply o, int queryId, ServedZones zones) {
    this.c = c;
    this.e = e;
    this.o = o;
    this.queryId = queryId;
    this.zones = zones;
  }

  /**
   * @param queryId the ID the reply must carry
   * @return the differences that fail the case, empty when it passes
   */
  static List<String> compare(
      ConformanceCase c, ExpectedReply e, ObservedReply o, int queryId, ServedZones zones)
      throws TextParseException {
    ReplyDiff d = new ReplyDiff(c, e, o, queryId, zones);
    d.run();
    return d.diffs;
  }

  /** The outcome as {@code accept=} names it: noresponse, closed, or the rcode mnemonic. */
  static String outcome(ObservedReply o) {
    if (!o.answered()) {
      return o.status();
    }
    return o.hasHeader() ? Rcode.string(o.rcode()) : "unparseable";
  }

  private void run() throws TextParseException {
    if (c.accept().contains(outcome(o).toLowerCase(Locale.ROOT))) {
      return;
    }
    if (!e.answered()) {
      if (o.answered()) {
        diffs.add("expected no response (the query must be dropped), got a reply: " + outcome(o));
      }
      // over TCP, closing the connection without an answer is not answering either
      return;
    }
    if (!o.answered()) {
      diffs.add("expected a reply, got " + o.status());
      return;
    }
    if (!o.hasHeader()) {
      diffs.add("reply of " + o.wire().length + " bytes, shorter than a DNS header");
      return;
    }
    Set<String> lenient = c.lenient();
    if (lenient.contains("all")) {
      return;
    }
    if (!o.qr()) {
      diffs.add("QR bit clear: the reply is not marked as a response");
    }
    if (o.id() != queryId) {
      diffs.add("ID: expected " + queryId + ", got " + o.id());
    }
    if (!lenient.contains("rcode") && o.rcode() != e.rcode()) {
      diffs.add("rcode: expected " + Rcode.string(e.rcode()) + ", got " + Rcode.string(o.rcode()));
    }
    if (!lenient.contains("flags")) {
      flag("AA", e.aa(), o.aa());
      flag("TC", e.tc(), o.tc());
    }
    if (ExpectedReply.UNPARSEABLE.equals(e.status())) {
      return; // the reference's reply was only readable up to its header
    }
    Message m = o.message();
    if (m == null) {
      diffs.add("reply does not parse: " + o.parseError());
      return;
    }
    if (!lenient.contains("question")) {
      List<String> q = new ArrayList<>();
      for (Record r : m.getSection(org.xbill.DNS.Section.QUESTION)) {
        q.add(
            r.getName()
                + " "
                + org.xbill.DNS.DClass.string(r.getDClass())
                + " "
                + Type.string(r.getType()));
      }
      if (!q.equals(e.question())) {
        diffs.add("question (case-sensitive): expected " + e.question() + ", got " + q);
      }
    }
    OPTRecord opt = m.getOPT();
    if (!lenient.contains("edns") && e.edns() != null) {
      String got = opt == null ? "none" : "v" + opt.getVersion();
      if (!got.equals(e.edns())) {
        diffs.add("edns: expected " + e.edns() + ", got " + got);
      }
    }
    if (!lenient.contains("opts") && e.opts() != null && opt != null) {
      List<Integer> got = opt.getOptions().stream().map(x -> x.getCode()).sorted().toList();
      if (!got.equals(e.opts().stream().sorted().toList())) {
        diffs.add("EDNS options: expected " + e.opts() + ", got " + got);
      }
    }
    if (e.tc() && o.tc()) {
      return; // both truncated: the contents of a truncated reply are not compared
    }
    for (Part p : Part.values()) {
      if (!lenient.contains(p.label())) {
        section(p, m);
      }
    }
  }

  private void flag(String name, boolean expected, boolean got) {
    if (expected != got) {
      diffs.add(
          name
              + " flag: expected "
              + (expected ? "set" : "clear")
              + ", got "
              + (got ? "set" : "clear"));
    }
  }

  private static boolean isTransfer(Message m) {
    Record q = m.getQuestion();
    return q != null && (q.getType() == Type.AXFR || q.getType() == Type.IXFR);
  }

  private void section(Part p, Message m) throws TextParseException {
    List<Record> records = new ArrayList<>();
    for (Record r : m.getSection(p.ordinal() + 1)) {
      if (r.getType() != Type.OPT) {
        records.add(r);
      }
    }
    Set<String> distinct = new HashSet<>();
    for (Record r : records) {
      String k =
          r.getName().toString().toLowerCase(Locale.ROOT)
              + " "
              + r.getDClass()
              + " "
              + r.getType()
              + " "
              + base16.toString(r.rdataToWireCanonical());
      if (!distinct.add(k) && !(r.getType() == Type.SOA && isTransfer(m))) {
        // a zone transfer opens and closes with the SOA (RFC 5936 §2.2, RFC 1995 §4)
        diffs.add(p.label() + ": duplicate record " + r);
      }
    }
    List<RRsetText> got = RRsetText.group(records);
    List<RRsetText> allowed = allowedExtras(p, m);
    Set<String> matched = new HashSet<>();
    for (RRsetText want : e.sections().get(p)) {
      RRsetText have =
          got.stream().filter(s -> s.key().equals(want.key())).findFirst().orElse(null);
      if (have == null) {
        diffs.add(p.label() + " missing:    " + want);
        continue;
      }
      matched.add(have.key());
      if (!have.rdatas().keySet().equals(want.rdatas().keySet())) {
        diffs.add(
            p.label() + " rdata differs:\n      expected " + want + "\n      got      " + have);
      } else if (!want.ttls().isEmpty() && !have.ttls().equals(want.ttls())) {
        diffs.add(
            p.label()
                + " TTL of "
                + want.key()
                + ": expected "
                + want.ttlText()
                + ", got "
                + have.ttlText());
      }
    }
    for (RRsetText have : got) {
      if (have.ttls().size() > 1) {
        diffs.add(
            p.label()
                + ": "
                + have.key()
                + " has records with different TTLs "
                + have.ttls()
                + " (RFC 2181 §5.2)");
      }
      if (matched.contains(have.key())) {
        continue;
      }
      boolean extraOk =
          allowed.stream().anyMatch(a -> a.sameData(have) && a.ttls().equals(have.ttls()));
      if (!extraOk) {
        diffs.add(p.label() + " unexpected: " + have);
      }
    }
  }

  /**
   * On a positive answer a server may add its zone's apex NS RRset to authority, and the addresses
   * of those name servers to additional (as NSD and BIND do).
   */
  private List<RRsetText> allowedExtras(Part p, Message m) throws TextParseException {
    boolean positive = e.rcode() == Rcode.NOERROR && !e.sections().get(Part.ANSWER).isEmpty();
    RRsetText apexNs = zones.apexNs(Name.fromString(c.qname()));
    if (!positive || apexNs == null || p == Part.ANSWER) {
      return List.of();
    }
    if (p == Part.AUTHORITY) {
      return List.of(apexNs);
    }
    List<Record> shown = new ArrayList<>();
    shown.addAll(m.getSection(org.xbill.DNS.Section.ANSWER));
    shown.addAll(m.getSection(org.xbill.DNS.Section.AUTHORITY));
    boolean nsShown = RRsetText.group(shown).stream().anyMatch(apexNs::sameData);
    return nsShown ? zones.addressesOf(Name.fromString(apexNs.owner())) : List.of();
  }
}
