package dev.felu.ns.xfr;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;

/**
 * One transfer answer as a pull-based stream of DNS messages (wire bytes, without the two-byte TCP
 * length): each {@link #next()} renders the next message from a lazy sequence of records, so a zone
 * of a million records is never one list, and the TCP side asks for a message only when the socket
 * can take it (a client that stops reading holds no thread and at most one message).
 *
 * <p>Packing (RFC 5936 §2.2): each message carries the request's id, opcode and QR/AA; the first
 * also its question; an OPT record when the request had one; as many answer records as fit the
 * size, owner names compressed ({@link MessageBuilder}), leaving room for the TSIG record the
 * {@link ResponseSigner} adds.
 *
 * <p>Not thread-safe: one consumer pulls it. {@link #close()} runs the close action once (e.g. a
 * {@link TransferLimiter.Permit}), whether the stream ended or the client went away.
 */
public final class TransferMessages implements Iterator<byte[]>, AutoCloseable {
  /** The most a DNS message over TCP can carry (RFC 1035 §4.2.2: a two-byte length). */
  public static final int MAX_TCP_MESSAGE = 65535;

  /** The smallest message size accepted: room for a header, a question and an SOA. */
  public static final int MIN_MESSAGE = 256;

  /** An OPT record without options: root name, type, class, TTL, RDLENGTH. */
  private static final int OPT_LENGTH = 11;

  private final Message request;
  private final Iterator<WireRecord> records;
  private final ResponseSigner signer;
  private final int budget;
  private final byte[] prepared;
  private Runnable onClose;
  private WireRecord carried;
  private boolean started;
  private boolean closed;
  private int messages;
  private long recordCount;

  /**
   * @param request the request answered (id, opcode, question)
   * @param records the answer records in order; pulled only as messages are taken
   * @param signer signs each message; {@link ResponseSigner#NONE} for none
   * @param maxMessageSize the largest message, TSIG included: {@value #MIN_MESSAGE} … {@value
   *     #MAX_TCP_MESSAGE}
   */
  public TransferMessages(
      Message request, Iterator<Record> records, ResponseSigner signer, int maxMessageSize) {
    this(request, maxMessageSize, signer, parts(records));
  }

  /** As the public constructor, from records' parts ({@link AxfrWriter}: the table's bytes). */
  TransferMessages(
      Message request, int maxMessageSize, ResponseSigner signer, Iterator<WireRecord> records) {
    if (maxMessageSize < MIN_MESSAGE || maxMessageSize > MAX_TCP_MESSAGE) {
      throw new IllegalArgumentException(
          "message size "
              + maxMessageSize
              + " is outside "
              + MIN_MESSAGE
              + " … "
              + MAX_TCP_MESSAGE);
    }
    if (maxMessageSize - signer.reserve() < MIN_MESSAGE) {
      throw new IllegalArgumentException(
          "message size " + maxMessageSize + " leaves no room beside the TSIG record");
    }
    this.request = request;
    this.records = records;
    this.signer = signer;
    this.budget = maxMessageSize - signer.reserve();
    this.prepared = null;
  }

  private static Iterator<WireRecord> parts(Iterator<Record> records) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public WireRecord next() {
        return WireRecord.of(records.next());
      }
    };
  }

  private TransferMessages(byte[] prepared) {
    this.request = null;
    this.records = java.util.Collections.emptyIterator();
    this.signer = ResponseSigner.NONE;
    this.budget = 0;
    this.prepared = prepared;
  }

  /** A stream of one message already rendered (and signed): a refusal, an error. */
  public static TransferMessages of(byte[] message) {
    return new TransferMessages(message);
  }

  /** Runs {@code action} once when the stream is closed; replaces any earlier action. */
  public TransferMessages onClose(Runnable action) {
    this.onClose = action;
    return this;
  }

  /** True until the last message was taken (there is always at least one). */
  @Override
  public boolean hasNext() {
    if (prepared != null) {
      return !started;
    }
    return !started || carried != null || records.hasNext();
  }

  @Override
  public byte[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the transfer's last message was taken");
    }
    if (prepared != null) {
      started = true;
      messages++;
      return prepared;
    }
    Message skeleton = XfrMessages.responseTo(request, false); // its header
    boolean edns = request.getOPT() != null;
    MessageBuilder b = new MessageBuilder(budget - (edns ? OPT_LENGTH : 0));
    if (!started && request.getQuestion() != null) {
      b.question(request.getQuestion());
    }
    started = true;
    while (true) {
      WireRecord r = carried;
      carried = null;
      if (r == null) {
        if (!records.hasNext()) {
          break;
        }
        r = records.next();
      }
      if (!b.answer(r)) {
        if (b.answers() == 0) {
          throw new IllegalStateException(
              "record at " + r.ownerName() + " does not fit a message of " + budget + " bytes");
        }
        carried = r;
        break;
      }
    }
    messages++;
    recordCount += b.answers();
    byte[] wire = b.toWire(skeleton.getHeader());
    if (edns) {
      wire = XfrMessages.append(wire, new OPTRecord(XfrMessages.EDNS_PAYLOAD, 0, 0));
    }
    return signer.sign(skeleton, wire);
  }

  /** Messages taken so far. */
  public int messages() {
    return messages;
  }

  /** Answer records in the messages taken so far. */
  public long records() {
    return recordCount;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (onClose != null) {
        onClose.run();
      }
    }
  }
}
