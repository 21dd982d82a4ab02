package dev.felu.ns.dns;

import dev.felu.ns.zone.ZoneTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;
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
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Answers one DNS query from the zone table current at the moment the query arrives. Checks the
 * packet (header, opcode, question, EDNS), then hands IN-class questions to {@link Lookup}, and
 * renders the answer within the transport's size limit without splitting RRsets (RFC 2181 §9).
 * Stateless and lock-free: it reads the table reference once per query.
 *
 * <p>Two ways to the same bytes (docs/nameserver.md, "Query path"). A plain query — one IN
 * question, at most an OPT — is parsed by {@link WireQuery}, looked up by {@link WireLookup} and
 * written by {@link AnswerWriter} from the zone table's wire bytes, with no dnsjava object made;
 * anything else (and the odd zone content {@link WireLookup} leaves to {@link Lookup}) goes through
 * a dnsjava {@link Message}, {@link Lookup} and dnsjava's rendering, {@link
 * #respondThroughMessage}.
 */
public final class Responder {
  /** RFC 1035 §4.2.1: the UDP payload limit without EDNS. */
  static final int CLASSIC_UDP_SIZE = 512;

  private static final int TCP_LIMIT = 65535;
  private static final int DO_FLAG = 0x8000;
  private static final Name VERSION_BIND = Name.fromConstantString("version.bind.");
  private static final Name VERSION_SERVER = Name.fromConstantString("version.server.");
  private static final Name ID_SERVER = Name.fromConstantString("id.server.");
  private static final Name HOSTNAME_BIND = Name.fromConstantString("hostname.bind.");

  private final Supplier<ZoneTable> table;
  private final ResponderSettings settings;

  public Responder(Supplier<ZoneTable> table, ResponderSettings settings) {
    this.table = table;
    this.settings = settings;
  }

  /** A responder with default settings and the given EDNS payload ceiling. */
  public Responder(Supplier<ZoneTable> table, int maxUdpPayload) {
    this(table, new ResponderSettings(maxUdpPayload, null, null));
  }

  /**
   * Returns the response in wire format, or null when the packet must be dropped: too short to echo
   * a header, or itself a response (answering responses invites loops).
   *
   * @param udp true when the response goes back over UDP and must fit its payload limit
   */
  public byte[] respond(byte[] query, int length, boolean udp) {
    if (length < Header.LENGTH || (query[2] & 0x80) != 0) {
      return null;
    }
    Work work = WORK.get();
    WireQuery wq = work.query;
    WireLookup lookup = work.lookup;
    try {
      if (wq.parse(query, length)
          && lookup.resolve(table.get(), query, WireQuery.QNAME, wq.qnameLength, wq.qtype)
              == WireLookup.DONE) {
        int limit =
            !udp
                ? TCP_LIMIT
                : wq.edns
                    ? Math.max(CLASSIC_UDP_SIZE, Math.min(wq.payload, settings.maxUdpPayload()))
                    : CLASSIC_UDP_SIZE;
        return work.writer.write(query, wq, lookup, limit, settings.maxUdpPayload());
      }
    } finally {
      // hold no zone of this table once answered: after a swap the memory guard counts on the
      // old table going (dev.felu.ns.config.MemoryGuard)
      lookup.release();
    }
    return respondThroughMessage(query, length, udp);
  }

  /**
   * The query path's state for one thread: the parse, the lookup's sections and the output buffer,
   * reused from query to query so that answering allocates little more than the response.
   */
  private static final class Work {
    final WireQuery query = new WireQuery();
    final WireLookup lookup = new WireLookup();
    final AnswerWriter writer = new AnswerWriter();
  }

  private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

  /**
   * Drops the calling thread's query-path state. A listener loop calls it when it ends: its thread
   * belongs to the container's WorkManager pool and would otherwise keep the buffers, and through
   * them the adapter's classes, after the adapter is stopped.
   */
  static void releaseThread() {
    WORK.remove();
  }

  /**
   * As {@link #respond}, always through dnsjava: the query parsed into a {@link Message}, answered
   * by {@link Lookup} and rendered by dnsjava. The path for every query {@link WireQuery} does not
   * take on, and the reference the fast path is compared with.
   */
  byte[] respondThroughMessage(byte[] query, int length, boolean udp) {
    if (length < Header.LENGTH || (query[2] & 0x80) != 0) {
      return null;
    }
    Message q;
    ByteBuffer in = ByteBuffer.wrap(query, 0, length);
    try {
      q = new Message(in);
    } catch (IOException | RuntimeException e) {
      // RFC 1035 §4.1.1: we cannot read the question, so FORMERR with the header alone
      return headerOnly(query, Rcode.FORMERR);
    }
    Response r = answer(q, in.hasRemaining());
    byte[] wire = r.message.toWire(udp ? udpLimit(q) : TCP_LIMIT);
    if (r.glue > 0 && additionalCount(wire, r.message) < r.glue) {
      wire[2] |= 0x02; // glue a referral needs did not fit: TC so the resolver retries over TCP
    }
    return wire;
  }

  private int udpLimit(Message q) {
    OPTRecord opt = q.getOPT();
    if (opt == null) {
      return CLASSIC_UDP_SIZE;
    }
    return Math.max(CLASSIC_UDP_SIZE, Math.min(opt.getPayloadSize(), settings.maxUdpPayload()));
  }

  /** The response message (not yet size-limited) and how many additional records are glue. */
  record Response(Message message, int glue) {}

  /**
   * @param trailing bytes follow the last record the counts announce: malformed, as BIND and Knot
   *     judge it
   */
  Response answer(Message q, boolean trailing) {
    Header qh = q.getHeader();
    Message r = new Message(qh.getID());
    Header rh = r.getHeader();
    rh.setFlag(Flags.QR);
    rh.setOpcode(qh.getOpcode());
    if (qh.getFlag(Flags.RD)) {
      rh.setFlag(Flags.RD);
    }
    Record question = q.getQuestion();
    boolean oneQuestion = question != null && qh.getCount(Section.QUESTION) == 1;
    if (oneQuestion) {
      r.addRecord(question, Section.QUESTION);
    }
    List<Record> additional = q.getSection(Section.ADDITIONAL);
    if (additional.stream().filter(rr -> rr.getType() == Type.OPT).count() > 1) {
      rh.setRcode(Rcode.FORMERR); // RFC 6891 §6.1.1: more than one OPT
      return new Response(r, 0);
    }
    OPTRecord qopt = q.getOPT();
    if (qopt != null) {
      if (qopt.getVersion() > 0) {
        // RFC 6891 §6.1.3: BADVERS, with our own (version 0) OPT carrying its upper bits
        r.addRecord(
            new OPTRecord(settings.maxUdpPayload(), Rcode.BADVERS >> 4, 0), Section.ADDITIONAL);
        rh.setRcode(Rcode.BADVERS & 0xF);
        return new Response(r, 0);
      }
      int flags = qopt.getFlags() & DO_FLAG; // echo DO (RFC 3225 §3); no options sent back
      r.addRecord(new OPTRecord(settings.maxUdpPayload(), 0, 0, flags), Section.ADDITIONAL);
    }
    if (qh.getOpcode() != Opcode.QUERY) {
      // UPDATE: refused as BIND refuses it as a secondary that does not forward (RFC 2136 §6):
      // the management server takes updates, the nameservers never do
      rh.setRcode(qh.getOpcode() == Opcode.UPDATE ? Rcode.REFUSED : Rcode.NOTIMP);
      return new Response(r, 0);
    }
    if (!oneQuestion
        || trailing
        || qh.getCount(Section.ANSWER) != 0
        || (qh.getCount(Section.AUTHORITY) != 0 && question.getType() != Type.IXFR)) {
      // a query has one question and no answers; only IXFR carries a SOA in authority (RFC 1995)
      rh.setRcode(Rcode.FORMERR);
      return new Response(r, 0);
    }
    int qtype = question.getType();
    int qclass = question.getDClass();
    if (qclass == DClass.CH) {
      chaos(question.getName(), qtype, r);
      return new Response(r, 0);
    }
    if (qclass != DClass.IN || qtype == Type.AXFR || qtype == Type.IXFR) {
      // other classes are not served; a transfer request reaches here only when the listeners
      // have no dev.felu.ns.xfr.Transfers (tests): refused
      rh.setRcode(Rcode.REFUSED);
      return new Response(r, 0);
    }
    Lookup l = Lookup.resolve(table.get(), question.getName(), qtype);
    rh.setRcode(l.rcode);
    if (l.authoritative) {
      rh.setFlag(Flags.AA);
    }
    addAll(r, l.answer, Section.ANSWER);
    addAll(r, l.authority, Section.AUTHORITY);
    for (Record rr : l.additional) {
      r.addRecord(rr, Section.ADDITIONAL);
    }
    return new Response(r, l.glue);
  }

  /**
   * CHAOS-class identification (RFC 4892): answered only when configured, REFUSED otherwise, like
   * every other CHAOS name.
   */
  private void chaos(Name name, int qtype, Message r) {
    String text = null;
    if (name.equals(VERSION_BIND) || name.equals(VERSION_SERVER)) {
      text = settings.version();
    } else if (name.equals(ID_SERVER) || name.equals(HOSTNAME_BIND)) {
      text = settings.identity();
    }
    if (text == null) {
      r.getHeader().setRcode(Rcode.REFUSED);
    } else if (qtype == Type.TXT || qtype == Type.ANY) {
      r.addRecord(new TXTRecord(name, DClass.CH, 0, text), Section.ANSWER);
    }
  }

  private static void addAll(Message r, List<RRset> sets, int section) {
    for (RRset set : sets) {
      for (Record rr : set.rrs(false)) {
        r.addRecord(rr, section);
      }
    }
  }

  /** ARCOUNT of the rendered response, not counting the OPT pseudo-record. */
  private static int additionalCount(byte[] wire, Message m) {
    int count = ((wire[10] & 0xFF) << 8) | (wire[11] & 0xFF);
    return m.getOPT() == null ? count : count - 1;
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
