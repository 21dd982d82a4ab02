package dev.felu.update;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** The header and zone section every answer of the UPDATE endpoint starts from. */
final class UpdateAnswers {
  private UpdateAnswers() {}

  /**
   * A response to {@code request} with {@code rcode}: same ID and opcode, QR set, the request's
   * zone (or question) section copied, as BIND answers (RFC 2136 §3.8 lets the other sections be
   * empty).
   */
  static Message response(Message request, int rcode) {
    Message response = new Message(request.getHeader().getID());
    response.getHeader().setOpcode(request.getHeader().getOpcode());
    response.getHeader().setFlag(Flags.QR);
    if (request.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
    }
    response.getHeader().setRcode(rcode);
    for (Record z : request.getSection(Section.ZONE)) {
      response.addRecord(z, Section.ZONE);
    }
    return response;
  }
}
