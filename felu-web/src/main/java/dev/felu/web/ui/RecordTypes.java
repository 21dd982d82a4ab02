package dev.felu.web.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record types the editor offers, each with the shape of its data in zone-file presentation
 * form (the RFC that defines it in brackets). Any other type can still be typed by name through the
 * API or an import; dnsjava parses them all.
 */
public final class RecordTypes {
  private RecordTypes() {}

  private static final Map<String, String> HINTS = new LinkedHashMap<>();

  static {
    HINTS.put("A", "IPv4 address: 192.0.2.10");
    HINTS.put("AAAA", "IPv6 address: 2001:db8::10");
    HINTS.put("CNAME", "target name: www.example.net. (RFC 1034)");
    HINTS.put("MX", "preference and exchange: 10 mail");
    HINTS.put("TXT", "quoted strings: \"v=spf1 -all\"");
    HINTS.put("SRV", "priority weight port target: 10 5 443 host (RFC 2782)");
    HINTS.put("CAA", "flags tag value: 0 issue \"letsencrypt.org\" (RFC 8659)");
    HINTS.put("NS", "nameserver: ns1.example.net.");
    HINTS.put("PTR", "target name: host.example.test.");
    HINTS.put("TLSA", "usage selector type hex: 3 1 1 <sha256 hex> (RFC 6698)");
    HINTS.put("SSHFP", "algorithm type hex: 4 2 <sha256 hex> (RFC 4255)");
    HINTS.put("HTTPS", "priority target params: 1 . alpn=h2,h3 (RFC 9460)");
    HINTS.put("SVCB", "priority target params: 1 svc.example.net. port=8443 (RFC 9460)");
    HINTS.put("DNAME", "target domain: example.net. (RFC 6672)");
    HINTS.put(
        "NAPTR",
        "order pref flags service regexp replacement: 100 10 \"U\" \"E2U+sip\" \"!^.*$!sip:info@example.test!\" .");
    HINTS.put("DS", "key tag, algorithm, digest type, hex: 12345 13 2 <sha256 hex> (RFC 4034)");
    HINTS.put("LOC", "location: 52 22 23.000 N 4 53 32.000 E -2.00m (RFC 1876)");
    HINTS.put("SOA", "mname rname serial refresh retry expire minimum (serial managed by felu)");
  }

  /** The types offered in the editor's select (SOA only edited, never added). */
  public static List<String> offered() {
    return HINTS.keySet().stream().filter(t -> !t.equals("SOA")).toList();
  }

  public static String hint(String type) {
    return type == null
        ? ""
        : HINTS.getOrDefault(type.toUpperCase(), "presentation form of the data");
  }
}
