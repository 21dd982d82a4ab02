package dev.felu.ns.conformance;

import dev.felu.ns.conformance.ExpectedReply.Part;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Reads the conformance test resources: the reference cases with Knot's answers, felu's deliberate
 * deviations from them, and felu's own cases with answers written inline.
 */
final class CaseFiles {
  static final String DIR = "conformance/";

  /** A case and what it must get back. */
  record Entry(ConformanceCase query, ExpectedReply expected, ExpectedReply reference) {}

  private CaseFiles() {}

  /**
   * The cases of {@code cases.txt} with Knot's answers, except that a case listed in {@code
   * felu-deviations.txt} expects felu's deliberate answer instead ({@code reference} keeps Knot's).
   */
  static List<Entry> knotCases() {
    JsonObject knot;
    try (JsonReader r = Json.createReader(open("expected-knot.json"))) {
      knot = r.readObject();
    }
    Map<String, Map<String, String>> deviations = new LinkedHashMap<>();
    for (String line : lines("felu-deviations.txt")) {
      List<String> tokens = ConformanceCase.tokenize(line);
      Map<String, String> fields = new LinkedHashMap<>();
      for (String t : tokens.subList(1, tokens.size())) {
        String[] kv = t.split("=", 2);
        fields.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
      if (!fields.containsKey("rcode") || !fields.containsKey("why")) {
        throw new IllegalArgumentException("a deviation needs rcode= and why=: " + line);
      }
      deviations.put(tokens.get(0), fields);
    }
    List<Entry> out = new ArrayList<>();
    for (String line : lines("cases.txt")) {
      ConformanceCase c = ConformanceCase.parse(line);
      if (!knot.containsKey(c.id())) {
        throw new IllegalArgumentException("no reference answer for case " + c.id());
      }
      ExpectedReply reference = ExpectedReply.fromKnot(knot.getJsonObject(c.id()));
      Map<String, String> d = deviations.remove(c.id());
      ExpectedReply expected =
          d == null
              ? reference
              : reference.deviating(ExpectedReply.rcode(d.get("rcode")), d.get("why"));
      out.add(new Entry(c, expected, reference));
    }
    if (!deviations.isEmpty()) {
      throw new IllegalArgumentException("deviations for unknown cases: " + deviations.keySet());
    }
    return out;
  }

  /** The cases of {@code felu-cases.txt} (format at the top of that file). */
  static List<Entry> feluCases() {
    List<Entry> out = new ArrayList<>();
    for (String line : lines("felu-cases.txt")) {
      int arrow = line.indexOf("=>");
      if (arrow < 0) {
        throw new IllegalArgumentException("a felu case needs '=> expectation': " + line);
      }
      ConformanceCase c = ConformanceCase.parse(line.substring(0, arrow));
      ExpectedReply e = inline(c, line.substring(arrow + 2));
      out.add(new Entry(c, e, e));
    }
    return out;
  }

  private static ExpectedReply inline(ConformanceCase c, String text) {
    String status = ExpectedReply.OK;
    int rcode = 0;
    boolean aa = false;
    boolean tc = false;
    String edns = c.has("noedns") ? "none" : "v0";
    Map<Part, List<Record>> records = new EnumMap<>(Part.class);
    for (Part p : Part.values()) {
      records.put(p, new ArrayList<>());
    }
    for (String token : ConformanceCase.tokenize(text)) {
      int eq = token.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(c.id() + ": expected key=value, got " + token);
      }
      String key = token.substring(0, eq);
      String value = token.substring(eq + 1);
      switch (key) {
        case "status" -> status = value;
        case "rcode" -> rcode = ExpectedReply.rcode(value);
        case "flags" -> {
          List<String> f = List.of(value.toUpperCase(Locale.ROOT).split(","));
          aa = f.contains("AA");
          tc = f.contains("TC");
        }
        case "edns" -> edns = value;
        case "answer", "authority", "additional" ->
            records
                .get(Part.valueOf(key.toUpperCase(Locale.ROOT)))
                .add(RRsetText.fromRecordLine(value));
        default -> throw new IllegalArgumentException(c.id() + ": unknown key " + key);
      }
    }
    if (ExpectedReply.NO_RESPONSE.equals(status)) {
      return new ExpectedReply(
          status, -1, false, false, List.of(), null, null, ExpectedReply.empty(), "felu-cases");
    }
    Map<Part, List<RRsetText>> sections = new EnumMap<>(Part.class);
    records.forEach((p, rs) -> sections.put(p, RRsetText.group(rs)));
    int dclass = c.has("class") ? DClass.value(c.option("class")) : DClass.IN;
    String question =
        c.qname() + " " + DClass.string(dclass) + " " + Type.string(Type.value(c.qtype()));
    return new ExpectedReply(
        status, rcode, aa, tc, List.of(question), edns, List.of(), sections, "felu-cases");
  }

  /** The non-blank, non-comment lines of a resource. */
  static List<String> lines(String name) {
    try (InputStream in = open(name)) {
      List<String> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.add(t);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String name) {
    InputStream in = CaseFiles.class.getClassLoader().getResourceAsStream(DIR + name);
    if (in == null) {
      throw new IllegalArgumentException("no test resource " + DIR + name);
    }
    return in;
  }
}
