package dev.felu.ns.conformance;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.xbill.DNS.Rcode;

/**
 * What a case must get back, normalised like {@code expected-knot.json}: a {@code status} ({@code
 * ok}, {@code noresponse}, {@code unparseable} — the reference's reply could not be parsed, so only
 * its header counts) and, for a reply, rcode, AA/TC, the echoed question, EDNS, option codes and
 * the three sections as RRsets.
 *
 * @param question {@code "name CLASS TYPE"}, case-sensitive
 * @param edns {@code v0} (an OPT of version 0) or {@code none}; null when unknown
 * @param opts EDNS option codes in the reply, null when not to be compared
 */
record ExpectedReply(
    String status,
    int rcode,
    boolean aa,
    boolean tc,
    List<String> question,
    String edns,
    List<Integer> opts,
    Map<Part, List<RRsetText>> sections,
    String source) {

  /** The three record sections of a reply. */
  enum Part {
    ANSWER,
    AUTHORITY,
    ADDITIONAL;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final String OK = "ok";
  static final String NO_RESPONSE = "noresponse";
  static final String UNPARSEABLE = "unparseable";

  boolean answered() {
    return !NO_RESPONSE.equals(status);
  }

  /** Reads one case of {@code expected-knot.json}. */
  static ExpectedReply fromKnot(JsonObject o) {
    String status = o.getString("status");
    if (NO_RESPONSE.equals(status)) {
      return new ExpectedReply(status, -1, false, false, List.of(), null, null, empty(), "knot");
    }
    String flags = o.getString("flags", "");
    List<String> words = List.of(flags.split("\\s+"));
    int rcode = rcode(o.getString("rcode"));
    if (UNPARSEABLE.equals(status)) {
      return new ExpectedReply(
          status,
          rcode,
          words.contains("AA"),
          words.contains("TC"),
          List.of(),
          null,
          null,
          empty(),
          "knot");
    }
    Map<String, Long> ttl = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    o.getJsonObject("ttl").forEach((k, v) -> ttl.put(k, ((jakarta.json.JsonNumber) v).longValue()));
    Map<Part, List<RRsetText>> sections = new EnumMap<>(Part.class);
    for (Part p : Part.values()) {
      List<RRsetText> sets = new ArrayList<>();
      for (JsonValue v : o.getJsonArray(p.label())) {
        String text = ((JsonString) v).getString();
        String[] head = text.trim().split("\\s+", 4);
        sets.add(
            RRsetText.fromReference(
                text, ttl.get(p.label() + " " + head[0] + " " + head[1] + " " + head[2])));
      }
      sections.put(p, sets);
    }
    List<Integer> opts = new ArrayList<>();
    o.getJsonArray("opts").forEach(v -> opts.add(((jakarta.json.JsonNumber) v).intValue()));
    List<String> question = new ArrayList<>();
    o.getJsonArray("question").forEach(v -> question.add(((JsonString) v).getString()));
    return new ExpectedReply(
        status,
        rcode,
        words.contains("AA"),
        words.contains("TC"),
        question,
        o.getString("edns", "none").split(" ")[0],
        opts,
        sections,
        "knot");
  }

  /**
   * Felu's answer where it deliberately differs from the reference: the given rcode, nothing in any
   * section, AA and TC clear; question and EDNS as the reference echoed them.
   */
  ExpectedReply deviating(int newRcode, String why) {
    return new ExpectedReply(
        OK, newRcode, false, false, question, edns, opts, empty(), "felu deviation (" + why + ")");
  }

  static Map<Part, List<RRsetText>> empty() {
    Map<Part, List<RRsetText>> m = new EnumMap<>(Part.class);
    for (Part p : Part.values()) {
      m.put(p, List.of());
    }
    return m;
  }

  static int rcode(String name) {
    int v = Rcode.value(name);
    if (v < 0) {
      throw new IllegalArgumentException("unknown rcode " + name);
    }
    return v;
  }

  String describe() {
    StringBuilder b = new StringBuilder("  status ").append(status);
    if (!answered()) {
      return b.append('\n').toString();
    }
    b.append(", rcode ").append(Rcode.string(rcode)).append(", flags");
    b.append(aa ? " AA" : "").append(tc ? " TC" : "").append(aa || tc ? "" : " -");
    if (UNPARSEABLE.equals(status)) {
      return b.append(" (only the header is known)\n").toString();
    }
    b.append(", edns ").append(edns).append(", opts ").append(opts).append('\n');
    b.append("  question: ").append(question).append('\n');
    for (Part p : Part.values()) {
      b.append("  ").append(p.label()).append(':');
      if (sections.get(p).isEmpty()) {
        b.append(" -");
      }
      b.append('\n');
      sections.get(p).forEach(s -> b.append("    ").append(s).append('\n'));
    }
    return b.toString();
  }
}
