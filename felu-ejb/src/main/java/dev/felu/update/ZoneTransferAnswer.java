package dev.felu.update;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * A zone transfer's answer built as the zone's records are read (RFC 5936 §2.2): the SOA first,
 * every other record, the SOA again, cut into messages of at most {@code budget} bytes before their
 * TSIG record, then signed message by message as they are sent ({@link #signed}). Each message is
 * rendered (names compressed) as soon as it is full, so what is held is the answer's wire bytes
 * (some 30 bytes a record), never the zone's records. At most {@code maxRecords} records besides
 * the SOA: one more and the answer stops ({@link #tooLarge()}), so that the endpoint, which reads
 * the zone from the database, holds a bounded answer. Plain Java, one answer per instance, not
 * thread-safe.
 *
 * <p>An IXFR (RFC 1995) gets either the SOA alone, when the client's serial is the zone's or newer
 * (§2: nothing to send; also the UDP answer, which tells the client to come back over TCP), or the
 * whole zone as AXFR sends it (§4: "If incremental zone transfer is not available, the entire zone
 * is returned"): the endpoint keeps no history of differences.
 */
final class ZoneTransferAnswer {
  /**
   * The UDP payload size the answers' OPT record offers (RFC 6891, the DNS flag day 2020 value).
   */
  static final int EDNS_PAYLOAD = 1232;

  /** A TCP message's largest size (its 16-bit length prefix). */
  static final int MAX_TCP_MESSAGE = 65_535;

  private static final int HEADER = 12;
  private static final int OPT = 11;

  private final Message request;
  private final int budget;
  private final int maxRecords;
  private final long clientSerial;
  private final boolean soaOnly;
  private final List<byte[]> messages = new ArrayList<>();
  private Message current;
  private int currentSize;
  private SOARecord soa;
  private int records;
  private boolean tooLarge;
  private boolean upToDate;

  /**
   * @param request the AXFR or IXFR request
   * @param budget a message's bytes before its TSIG record
   * @param maxRecords records besides the SOA taken at most
   * @param clientSerial for an IXFR, the client's serial (its authority section's SOA); -1 for AXFR
   * @param soaOnly the SOA alone whatever the zone holds (an IXFR over UDP)
   */
  ZoneTransferAnswer(
      Message request, int budget, int maxRecords, long clientSerial, boolean soaOnly) {
    if (budget < 512 || budget > MAX_TCP_MESSAGE) {
      throw new IllegalArgumentException("a message budget of " + budget + " bytes");
    }
    this.request = request;
    this.budget = budget;
    this.maxRecords = maxRecords;
    this.clientSerial = clientSerial;
    this.soaOnly = soaOnly;
  }

  /**
   * The IXFR request's serial (the SOA in its authority section, at the question's name), or -1
   * when it has none (FORMERR, as the nameservers answer).
   */
  static long clientSerial(Message request) {
    Record q = request.getQuestion();
    for (Record r : request.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord s && q != null && s.getName().equals(q.getName())) {
        return s.getSerial();
      }
    }
    return -1;
  }

  /**
   * Takes the next record read: the zone's SOA first, then the others in any order.
   *
   * @return false when no more are wanted (the SOA alone will do, or the bound is passed)
   */
  boolean accept(Record r) {
    if (soa == null) {
      if (!(r instanceof SOARecord s)) {
        throw new IllegalStateException("a transfer starts with the zone's SOA, not " + r);
      }
      soa = s;
      if (soaOnly
          || (clientSerial >= 0
              && org.xbill.DNS.Serial.compare(clientSerial, s.getSerial()) >= 0)) {
        upToDate = clientSerial >= 0;
        return false;
      }
      add(s);
      return true;
    }
    if (r.getType() == Type.SOA) {
      return true; // the apex's only SOA was sent first; no other can be stored
    }
    if (++records > maxRecords) {
      tooLarge = true;
      return false;
    }
    add(r);
    return true;
  }

  /** True when the zone holds more than {@code maxRecords} records besides its SOA. */
  boolean tooLarge() {
    return tooLarge;
  }

  /** True when an IXFR's client already holds the zone's serial (or a newer one). */
  boolean upToDate() {
    return upToDate;
  }

  /** The zone's SOA, once read; null before. */
  SOARecord soa() {
    return soa;
  }

  /**
   * The answer's messages, unsigned: the whole zone closed by the SOA, or the SOA alone when no
   * more was wanted.
   *
   * @throws IllegalStateException when no SOA was read, or the bound was passed
   */
  List<byte[]> finish() {
    if (soa == null || tooLarge) {
      throw new IllegalStateException(soa == null ? "no SOA was read" : "the zone is too large");
    }
    add(soa); // closes the zone, or is the whole answer
    flush();
    return List.copyOf(messages);
  }

  private void add(Record r) {
    int size = r.toWire(Section.ANSWER).length; // uncompressed: the rendering is never larger
    if (current != null && currentSize + size > budget) {
      flush();
    }
    if (current == null) {
      current = message(messages.isEmpty());
      currentSize = HEADER + (request.getOPT() != null ? OPT : 0);
      if (messages.isEmpty() && request.getQuestion() != null) {
        currentSize += request.getQuestion().getName().length() + 4;
      }
      if (currentSize + size > budget) {
        throw new IllegalStateException(
            "a record of " + size + " bytes does not fit a message: " + r.getName());
      }
    }
    current.addRecord(r, Section.ANSWER);
    currentSize += size;
  }

  private void flush() {
    if (current != null) {
      messages.add(current.toWire());
      current = null;
    }
  }

  /**
   * A message of the answer: the request's id and opcode, QR and AA, the question in the first only
   * (RFC 5936 §2.2.1), an OPT record when the request had one (RFC 6891 §7).
   */
  private Message message(boolean first) {
    Message m = new Message(request.getHeader().getID());
    m.getHeader().setOpcode(Opcode.QUERY);
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    m.getHeader().setRcode(Rcode.NOERROR);
    if (first && request.getQuestion() != null) {
      m.addRecord(request.getQuestion(), Section.QUESTION);
    }
    if (request.getOPT() != null) {
      m.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
    return m;
  }

  /**
   * The messages signed in order (RFC 8945 §5.3.1): the first over the request's MAC with every
   * TSIG variable, each next one over the previous message's MAC with the timers only; every
   * message is signed, which every client accepts (dnsjava's {@code TSIG.StreamVerifier}, kdig,
   * Go's miekg/dns). The TSIG record is appended to each message's bytes uncompressed (§4.2), as
   * its last additional record. Signing happens as the messages are taken, so a message's time is
   * when it is sent.
   *
   * @param key the request's key
   * @param requestTsig the request's TSIG record
   */
  static Iterator<byte[]> signed(
      List<byte[]> unsigned, Message request, TSIG key, TSIGRecord requestTsig) {
    Message header = new Message(request.getHeader().getID()); // what TSIG#generate reads
    return new Iterator<>() {
      private int next;
      private TSIGRecord prior = requestTsig;

      @Override
      public boolean hasNext() {
        return next < unsigned.size();
      }

      @Override
      public byte[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        byte[] wire = unsigned.get(next);
        TSIGRecord tsig = key.generate(header, wire, Rcode.NOERROR, prior, next == 0);
        next++;
        prior = tsig;
        return append(wire, tsig);
      }
    };
  }

  /** {@code wire} with {@code last} appended as one more additional record, uncompressed. */
  static byte[] append(byte[] wire, Record last) {
    byte[] rr = last.toWire(Section.ADDITIONAL);
    byte[] out = new byte[wire.length + rr.length];
    System.arraycopy(wire, 0, out, 0, wire.length);
    System.arraycopy(rr, 0, out, wire.length, rr.length);
    int arcount = ((out[10] & 0xff) << 8 | (out[11] & 0xff)) + 1;
    out[10] = (byte) (arcount >>> 8);
    out[11] = (byte) arcount;
    return out;
  }
}
