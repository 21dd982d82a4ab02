package dev.felu.ns.dns;

import dev.felu.ns.zone.ZoneData;
import dev.felu.ns.zone.ZoneTable;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers one DNS query from the zone table current at the moment the query arrives (RFC 1034
 * §4.3.2, authoritative part). Stateless and lock-free: it reads the table reference once per
 * query.
 */
public final class Responder {
  /** RFC 1035 §4.2.1: the UDP payload limit without EDNS. */
  static final int CLASSIC_UDP_SIZE = 512;

  /** Longest CNAME chain followed inside the served zones. */
  private static final int MAX_CHAIN = 8;

  private final Supplier<ZoneTable> table;
  private final int maxUdpPayload;

  /**
   * @param maxUdpPayload ceiling on the EDNS UDP payload size we send (1232 by default, DNS flag
   *     day 2020)
   */
  public Responder(Supplier<ZoneTable> table, int maxUdpPayload) {
    this.table = table;
    this.maxUdpPayload = maxUdpPayload;
  }

  /**
   * Returns the response in wire format, or null when the packet must be dropped (too short to echo
   * a header, or itself a response).
   *
   * @param udp true when the response goes back over UDP and must fit its payload limit
   */
  public byte[] respond(byte[] query, int length, boolean udp) {
    if (length < Header.LENGTH) {
      return null;
    }
    Message q;
    try {
      q = new Message(java.util.Arrays.copyOf(query, length));
    } catch (IOException | RuntimeException e) {
      return headerOnly(query, Rcode.FORMERR);
    }
    Header h = q.getHeader();
    if (h.getFlag(Flags.QR)) {
      return null;
    }
    Message r = answer(q);
    int limit = udp ? udpLimit(q) : 65535;
    return r.toWire(limit);
  }

  private int udpLimit(Message q) {
    OPTRecord opt = q.getOPT();
    if (opt == null) {
      return CLASSIC_UDP_SIZE;
    }
    return Math.max(CLASSIC_UDP_SIZE, Math.min(opt.getPayloadSize(), maxUdpPayload));
  }

  Message answer(Message q) {
    Header qh = q.getHeader();
    Message r = new Message(qh.getID());
    Header rh = r.getHeader();
    rh.setFlag(Flags.QR);
    rh.setOpcode(qh.getOpcode());
    if (qh.getFlag(Flags.RD)) {
      rh.setFlag(Flags.RD);
    }
    OPTRecord qopt = q.getOPT();
    if (qopt != null) {
      if (qopt.getVersion() > 0) {
        // RFC 6891 §6.1.3: answer BADVERS with our own (version 0) OPT
        r.addRecord(new OPTRecord(maxUdpPayload, Rcode.BADVERS >> 4, 0), Section.ADDITIONAL);
        rh.setRcode(Rcode.BADVERS & 0xF);
        return r;
      }
      int flags = qopt.getFlags() & 0x8000; // echo DO only
      r.addRecord(new OPTRecord(maxUdpPayload, 0, 0, flags), Section.ADDITIONAL);
    }
    if (qh.getOpcode() != Opcode.QUERY) {
      rh.setRcode(Rcode.NOTIMP);
      return r;
    }
    Record question = q.getQuestion();
    if (question == null || qh.getCount(Section.QUESTION) != 1) {
      rh.setRcode(Rcode.FORMERR);
      return r;
    }
    r.addRecord(question, Section.QUESTION);
    int qtype = question.getType();
    if (question.getDClass() != DClass.IN) {
      rh.setRcode(Rcode.REFUSED);
      return r;
    }
    if (qtype == Type.AXFR || qtype == Type.IXFR) {
      rh.setRcode(Rcode.REFUSED); // zone transfer is not offered (yet)
      return r;
    }
    ZoneData zone = table.get().findZone(question.getName());
    if (zone == null) {
      rh.setRcode(Rcode.REFUSED);
      return r;
    }
    rh.setFlag(Flags.AA);
    lookup(zone, question.getName(), qtype, r, new HashSet<>());
    return r;
  }

  private void lookup(ZoneData zone, Name qname, int qtype, Message r, Set<Name> seen) {
    Map<Integer, RRset> node = zone.node(qname);
    if (node == null) {
      if (seen.isEmpty() || zone.isEmptyNonTerminal(qname)) {
        // RFC 2308 §2.1/§2.2; an empty non-terminal exists, so it is NODATA (RFC 8020)
        if (!zone.isEmptyNonTerminal(qname)) {
          r.getHeader().setRcode(Rcode.NXDOMAIN);
        }
      } else {
        r.getHeader().setRcode(Rcode.NXDOMAIN); // the end of a CNAME chain does not exist
      }
      addNegativeSoa(zone, r);
      return;
    }
    RRset exact = node.get(qtype);
    if (exact != null) {
      addRRset(r, exact, Section.ANSWER);
      return;
    }
    RRset cname = node.get(Type.CNAME);
    if (cname != null && qtype != Type.ANY) {
      addRRset(r, cname, Section.ANSWER);
      Name target = ((CNAMERecord) cname.first()).getTarget();
      seen.add(qname);
      if (seen.size() < MAX_CHAIN && !seen.contains(target) && target.subdomain(zone.origin())) {
        lookup(zone, target, qtype, r, seen);
      }
      return;
    }
    if (qtype == Type.ANY) {
      // RFC 8482 §4.2: one RRset is a sufficient answer to ANY
      addRRset(r, node.values().iterator().next(), Section.ANSWER);
      return;
    }
    addNegativeSoa(zone, r); // NODATA
  }

  /** RFC 2308 §3: the SOA in authority, its TTL the lesser of the SOA's TTL and its MINIMUM. */
  private static void addNegativeSoa(ZoneData zone, Message r) {
    r.addRecord(zone.negativeSoa(), Section.AUTHORITY);
  }

  private static void addRRset(Message r, RRset set, int section) {
    for (Record rr : set.rrs(false)) {
      r.addRecord(rr, section);
    }
  }

  private static byte[] headerOnly(byte[] query, int rcode) {
    byte[] out = new byte[Header.LENGTH];
    out[0] = query[0];
    out[1] = query[1];
    int opcode = (query[2] >> 3) & 0xF;
    out[2] = (byte) (0x80 | (opcode << 3) | (query[2] & 0x01)); // QR, opcode, RD echoed
    out[3] = (byte) (rcode & 0xF);
    return out;
  }
}
