package dev.felu.ns.xfr;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Small helpers shared by the writers: a response's skeleton, a record appended to wire bytes. */
final class XfrMessages {
  private XfrMessages() {}

  /**
   * The UDP payload size the answers' OPT record offers (RFC 6891 §6.2.5; the DNS flag day 2020
   * value).
   */
  static final int EDNS_PAYLOAD = 1232;

  /**
   * A response to {@code request}: its id, opcode and question, QR and AA set, RD copied, and an
   * OPT record when the request had one (RFC 6891 §7: an EDNS request gets an EDNS answer).
   */
  static Message responseTo(Message request) {
    return responseTo(request, true);
  }

  /** As {@link #responseTo(Message)}, the question left out unless {@code withQuestion}. */
  static Message responseTo(Message request, boolean withQuestion) {
    Message response = new Message(request.getHeader().getID());
    response.getHeader().setOpcode(request.getHeader().getOpcode());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    if (request.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
    }
    Record question = request.getQuestion();
    if (question != null && withQuestion) {
      response.addRecord(question, Section.QUESTION);
    }
    if (request.getOPT() != null) {
      response.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
    return response;
  }

  /**
   * {@code wire} with {@code last} appended as one more additional record, uncompressed (a TSIG
   * record's names must not be compressed, RFC 8945 §4.2).
   */
  static byte[] append(byte[] wire, Record last) {
    byte[] record = last.toWire(Section.ADDITIONAL);
    byte[] out = new byte[wire.length + record.length];
    System.arraycopy(wire, 0, out, 0, wire.length);
    System.arraycopy(record, 0, out, wire.length, record.length);
    int arcount = ((out[10] & 0xFF) << 8 | (out[11] & 0xFF)) + 1;
    out[10] = (byte) (arcount >>> 8);
    out[11] = (byte) arcount;
    return out;
  }

  /** An answer of only this RCODE and the question, AA clear, signed by {@code signer}. */
  static byte[] rcode(Message request, int rcode, ResponseSigner signer) {
    Message m = responseTo(request);
    m.getHeader().unsetFlag(Flags.AA);
    m.getHeader().setRcode(rcode);
    return signer.sign(m, m.toWire());
  }
}
