package dev.felu.ns.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One line of {@code cases.txt} (or the query half of a {@code felu-cases.txt} line): {@code ID
 * QNAME QTYPE [options]}. Options are bare words ({@code tcp}, {@code noedns}, {@code do}, …) or
 * {@code key=value}, a value in double quotes when it contains blanks (see the README next to the
 * cases).
 *
 * @param qname the query name exactly as written (its case is sent as is)
 * @param qtype a type mnemonic or {@code TYPEn}
 */
record ConformanceCase(String id, String qname, String qtype, Map<String, String> options) {

  static ConformanceCase parse(String line) {
    List<String> tokens = tokenize(line);
    if (tokens.size() < 3) {
      throw new IllegalArgumentException("a case needs ID QNAME QTYPE: " + line);
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (String t : tokens.subList(3, tokens.size())) {
      int eq = t.indexOf('=');
      String key = eq < 0 ? t : t.substring(0, eq);
      if (options.put(key, eq < 0 ? "" : t.substring(eq + 1)) != null) {
        throw new IllegalArgumentException("option " + key + " given twice: " + line);
      }
    }
    return new ConformanceCase(tokens.get(0), tokens.get(1), tokens.get(2), options);
  }

  /** Splits on blanks; {@code "…"} groups (quotes removed, {@code \x} stands for x inside them). */
  static List<String> tokenize(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inQuotes = false;
    boolean any = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (inQuotes) {
        if (c == '\\' && i + 1 < line.length()) {
          cur.append(line.charAt(++i));
        } else if (c == '"') {
          inQuotes = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        inQuotes = true;
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (any) {
          out.add(cur.toString());
          cur.setLength(0);
          any = false;
        }
      } else {
        cur.append(c);
        any = true;
      }
    }
    if (inQuotes) {
      throw new IllegalArgumentException("unterminated quote: " + line);
    }
    if (any) {
      out.add(cur.toString());
    }
    return out;
  }

  boolean has(String option) {
    return options.containsKey(option);
  }

  String option(String key) {
    return options.get(key);
  }

  boolean tcp() {
    return has("tcp");
  }

  /** Fields named in {@code lenient=}: differences there do not fail the case. */
  Set<String> lenient() {
    return list("lenient");
  }

  /** Outcomes named in {@code accept=} ({@code noresponse}, {@code closed}, an rcode name). */
  Set<String> accept() {
    return list("accept");
  }

  private Set<String> list(String key) {
    String v = options.get(key);
    Set<String> out = new TreeSet<>();
    if (v != null && !v.isEmpty()) {
      Arrays.stream(v.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).forEach(out::add);
    }
    return out;
  }

  /** The case as a line again, for failure messages. */
  String describe() {
    StringBuilder b = new StringBuilder(id).append("  ").append(qname).append(' ').append(qtype);
    options.forEach(
        (k, v) -> {
          if (!k.equals("why")) {
            b.append(' ').append(k);
            if (!v.isEmpty()) {
              b.append('=').append(v);
            }
          }
        });
    return b.toString();
  }
}
