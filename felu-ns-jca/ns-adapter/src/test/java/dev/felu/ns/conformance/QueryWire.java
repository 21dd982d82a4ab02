package dev.felu.ns.conformance;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base16;

/**
 * Builds the query bytes for a case exactly as its options say: EDNS0 with a 1232-byte payload
 * unless {@code noedns}, header bits, class, opcode, EDNS version and options, an SOA in authority
 * for IXFR ({@code serial=}), and the hand-made malformed packets of {@code raw=}.
 */
final class QueryWire {
  static final int DEFAULT_BUFSIZE = 1232;

  /** An empty OPT: root owner, type 41, payload 1232, TTL 0, no rdata. */
  private static final byte[] BARE_OPT = {0, 0, 41, 0x04, (byte) 0xd0, 0, 0, 0, 0, 0, 0};

  private QueryWire() {}

  /** The query as dnsjava builds it (before any {@code raw=} mangling). */
  static Message message(ConformanceCase c, int id) throws TextParseException {
    Name qname = Name.fromString(c.qname());
    int qtype = Type.value(c.qtype());
    if (qtype < 0) {
      throw new IllegalArgumentException(c.id() + ": unknown type " + c.qtype());
    }
    Message m = new Message(id);
    m.getHeader().setOpcode(c.has("opcode") ? Integer.parseInt(c.option("opcode")) : 0);
    for (String bit : List.of("rd", "cd", "ad")) {
      if (c.has(bit)) {
        m.getHeader().setFlag(Flags.value(bit));
      }
    }
    m.addRecord(Record.newRecord(qname, qtype, dclass(c)), Section.QUESTION);
    if (c.has("serial")) {
      // RFC 1995 §3: the client's current SOA goes in the authority section
      m.addRecord(
          new SOARecord(
              qname,
              dclass(c),
              0,
              Name.root,
              Name.root,
              Long.parseLong(c.option("serial")),
              0,
              0,
              0,
              0),
          Section.AUTHORITY);
    }
    if ("ancount".equals(c.option("raw"))) {
      m.addRecord(
          new ARecord(qname, DClass.IN, 0, InetAddress.getLoopbackAddress()), Section.ANSWER);
    }
    if (!c.has("noedns")) {
      int bufsize = c.has("bufsize") ? Integer.parseInt(c.option("bufsize")) : DEFAULT_BUFSIZE;
      int version = c.has("ednsver") ? Integer.parseInt(c.option("ednsver")) : 0;
      List<EDNSOption> opts = new ArrayList<>();
      if (c.has("ednsopt")) {
        String[] o = c.option("ednsopt").split(":", 2);
        byte[] data = o.length > 1 ? base16.fromString(o[1]) : new byte[0];
        opts.add(new GenericEDNSOption(Integer.parseInt(o[0]), data));
      }
      int flags = c.has("do") ? ExtendedFlags.DO : 0;
      m.addRecord(new OPTRecord(bufsize, 0, version, flags, opts), Section.ADDITIONAL);
    }
    return m;
  }

  private static int dclass(ConformanceCase c) {
    String v = c.option("class");
    if (v == null) {
      return DClass.IN;
    }
    int n = v.chars().allMatch(Character::isDigit) ? Integer.parseInt(v) : DClass.value(v);
    if (n < 0) {
      throw new IllegalArgumentException(c.id() + ": unknown class " + v);
    }
    return n;
  }

  /** The bytes to send: the built query, mangled as {@code raw=} says. */
  static byte[] bytes(ConformanceCase c, Message m) throws TextParseException {
    byte[] wire = m.toWire();
    String raw = c.option("raw");
    if (raw == null || raw.equals("ancount")) {
      return wire; // ancount: a well-formed query that carries a record in its answer section
    }
    int qnameLength = Name.fromString(c.qname()).length();
    int questionEnd = 12 + qnameLength + 4;
    byte[] question = Arrays.copyOfRange(wire, 12, questionEnd);
    byte[] rest = Arrays.copyOfRange(wire, questionEnd, wire.length);
    byte[] header = Arrays.copyOf(wire, 12);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (raw) {
      case "short" -> {
        return Arrays.copyOf(wire, 6); // ID, flags, QDCOUNT: less than a header
      }
      case "hdronly" -> {
        // a complete header announcing nothing: all four counts zero
        Arrays.fill(header, 4, 12, (byte) 0);
        return header;
      }
      case "qd2" -> {
        setCount(header, 4, 2);
        out.writeBytes(header);
        out.writeBytes(question);
        out.writeBytes(question);
        out.writeBytes(rest);
      }
      case "qd2-missing" -> {
        setCount(header, 4, 2);
        out.writeBytes(header);
        out.writeBytes(question);
        out.writeBytes(rest);
      }
      case "qr" -> {
        header[2] |= (byte) 0x80;
        out.writeBytes(header);
        out.writeBytes(question);
        out.writeBytes(rest);
      }
      case "trailing" -> {
        out.writeBytes(wire);
        out.writeBytes(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});
      }
      case "badlabel" -> {
        // a 64-octet label (length byte 0x40) in front of the query name (RFC 1035 §2.3.4: ≤ 63)
        out.writeBytes(header);
        out.write(64);
        out.writeBytes("a".repeat(64).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(question);
        out.writeBytes(rest);
      }
      case "ptrloop" -> {
        // the query name is a compression pointer to itself (offset 12)
        out.writeBytes(header);
        out.writeBytes(new byte[] {(byte) 0xc0, 12});
        out.writeBytes(Arrays.copyOfRange(question, qnameLength, question.length));
        out.writeBytes(rest);
      }
      case "twoopt" -> {
        int arcount = count(header, 10);
        int opts = m.getOPT() == null ? 0 : 1;
        setCount(header, 10, arcount + 2 - opts);
        out.writeBytes(header);
        out.writeBytes(question);
        out.writeBytes(rest);
        for (int i = opts; i < 2; i++) {
          out.writeBytes(BARE_OPT);
        }
      }
      default -> throw new IllegalArgumentException(c.id() + ": unknown raw kind " + raw);
    }
    return out.toByteArray();
  }

  private static int count(byte[] header, int offset) {
    return ((header[offset] & 0xff) << 8) | (header[offset + 1] & 0xff);
  }

  private static void setCount(byte[] header, int offset, int value) {
    header[offset] = (byte) (value >>> 8);
    header[offset + 1] = (byte) value;
  }
}
