package dev.felu.ns.xfr;

import dev.felu.ns.zone.ZoneData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;

/**
 * Answers an IXFR request (RFC 1995) for a zone from the {@link IxfrJournal}. The client's serial
 * is the SOA in the request's authority section (§3); then:
 *
 * <ul>
 *   <li>client current, or ahead of us in RFC 1982 terms (a serial "from the future"): our SOA
 *       alone, which tells it it is up to date (§4) — as Knot answers (conformance cases
 *       ixfr-current, ixfr-newer);
 *   <li>the journal leads from the client's serial to ours: the differences in sequence (§4), our
 *       SOA, then per step the old SOA, its deletions, the new SOA, its additions, and our SOA
 *       last; steps are not condensed;
 *   <li>otherwise (restart, history too short): the whole zone as AXFR sends it (§4 allows it).
 * </ul>
 *
 * Over UDP (§2) an incremental answer goes whole if it fits one message, else our SOA alone, after
 * which the client retries over TCP; a client the journal cannot serve gets our SOA alone too,
 * never the zone (as Knot answers, conformance case ixfr-udp-old; NSD sends what fits).
 */
public final class IxfrWriter {
  private IxfrWriter() {}

  /** What kind of answer a request gets; for metrics and tests. */
  public enum Form {
    /** Our SOA alone: the client is current or ahead. */
    UP_TO_DATE,
    /** The differences from the journal. */
    INCREMENTAL,
    /** The whole zone in AXFR form. */
    FULL
  }

  /**
   * The client's serial: the SOA in the request's authority section (RFC 1995 §3), or -1 when it
   * has none, which is a malformed IXFR (answer FORMERR: {@link #formErr}).
   */
  public static long clientSerial(Message request) {
    for (Record r : request.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord soa) {
        return soa.getSerial();
      }
    }
    return -1;
  }

  /** The form the answer to a client at {@code clientSerial} takes. */
  public static Form form(ZoneData zone, IxfrJournal journal, long clientSerial) {
    long ours = zone.soa().getSerial();
    if (Serial.compare(clientSerial, ours) >= 0) {
      return Form.UP_TO_DATE;
    }
    return journal.from(zone.origin(), clientSerial, ours) != null ? Form.INCREMENTAL : Form.FULL;
  }

  /** The IXFR answer over TCP, as a stream of messages (see {@link TransferMessages}). */
  public static TransferMessages answer(
      ZoneData zone,
      IxfrJournal journal,
      Message request,
      ResponseSigner signer,
      int maxMessageSize) {
    return new TransferMessages(
        request, records(zone, journal, clientSerial(request)), signer, maxMessageSize);
  }

  /**
   * The IXFR answer over UDP: one message of at most {@code maxUdpSize} bytes (512, or the EDNS
   * size the client offered): the incremental answer if there is one and it fits, else our SOA
   * alone (RFC 1995 §2).
   */
  public static byte[] answerUdp(
      ZoneData zone, IxfrJournal journal, Message request, ResponseSigner signer, int maxUdpSize) {
    int room = Math.max(TransferMessages.MIN_MESSAGE, maxUdpSize - signer.reserve());
    long clientSerial = clientSerial(request);
    Iterator<Record> records =
        form(zone, journal, clientSerial) == Form.FULL
            ? List.<Record>of(zone.soa()).iterator() // as Knot: no zone over UDP
            : records(zone, journal, clientSerial);
    TransferMessages whole = new TransferMessages(request, records, ResponseSigner.NONE, room);
    byte[] wire = whole.next();
    if (whole.hasNext()) {
      wire =
          new TransferMessages(
                  request, List.<Record>of(zone.soa()).iterator(), ResponseSigner.NONE, room)
              .next();
    }
    try {
      return signer.sign(new Message(wire), wire);
    } catch (IOException e) {
      throw new IllegalStateException("a message just rendered does not parse", e);
    }
  }

  /** FORMERR for an IXFR without the client's SOA, the question echoed. */
  public static byte[] formErr(Message request, ResponseSigner signer) {
    return XfrMessages.rcode(request, Rcode.FORMERR, signer);
  }

  /** The answer's records for a client at {@code clientSerial}, in order. */
  static Iterator<Record> records(ZoneData zone, IxfrJournal journal, long clientSerial) {
    SOARecord ours = zone.soa();
    if (Serial.compare(clientSerial, ours.getSerial()) >= 0) {
      return List.<Record>of(ours).iterator();
    }
    List<ZoneDifference> steps = journal.from(zone.origin(), clientSerial, ours.getSerial());
    if (steps == null) {
      return AxfrWriter.records(zone);
    }
    return new Sequence(ours, steps);
  }

  /** Our SOA, then each step (old SOA, deletions, new SOA, additions), then our SOA. */
  private static final class Sequence implements Iterator<Record> {
    private final SOARecord ours;
    private final Iterator<ZoneDifference> steps;
    private final List<Iterator<Record>> parts = new ArrayList<>();
    private Iterator<Record> current;
    private boolean finished;

    Sequence(SOARecord ours, List<ZoneDifference> steps) {
      this.ours = ours;
      this.steps = steps.iterator();
      this.current = List.<Record>of(ours).iterator();
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext()) {
        if (!parts.isEmpty()) {
          current = parts.remove(0);
        } else if (steps.hasNext()) {
          ZoneDifference d = steps.next();
          parts.add(List.<Record>of(d.from()).iterator());
          parts.add(d.deleted().iterator());
          parts.add(List.<Record>of(d.to()).iterator());
          parts.add(d.added().iterator());
        } else if (!finished) {
          finished = true;
          current = List.<Record>of(ours).iterator();
        } else {
          return false;
        }
      }
      return true;
    }

    @Override
    public Record next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return current.next();
    }
  }
}
