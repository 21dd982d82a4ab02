package dev.felu.ns.xfr;

import dev.felu.ns.api.NameserverMetrics;
import dev.felu.ns.zone.ZoneData;
import dev.felu.ns.zone.ZoneTable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;

/**
 * Zone transfers wired to what a nameserver serves: the listeners hand every AXFR or IXFR request
 * here (recognised from its bytes, {@link #isTransferQuery}), with the exact bytes the TSIG MAC
 * covers. Each request is answered by a {@link TransferResponder} over the table and the {@link
 * TransferPolicy} read together at that moment ({@link View}), the {@link IxfrJournal} the config
 * receiver feeds and one {@link TransferLimiter} for the nameserver. Counts every answer by result
 * (the first message's response code). Thread-safe.
 */
public final class Transfers {
  /** What is served, read once per request: the table and the policy that came with it. */
  public interface View {
    ZoneTable table();

    TransferPolicy policy();
  }

  /** The {@code felu.ns.xfr.*} settings. */
  public record Settings(int maxConcurrent, long journalMaxBytes, int journalMaxEntries) {
    public static final Settings DEFAULTS =
        new Settings(
            TransferLimiter.DEFAULT_MAX_CONCURRENT,
            IxfrJournal.DEFAULT_MAX_TOTAL_BYTES,
            IxfrJournal.DEFAULT_MAX_ENTRIES_PER_ZONE);

    public Settings {
      if (maxConcurrent < 1 || journalMaxBytes < 1 || journalMaxEntries < 1) {
        throw new IllegalArgumentException(
            "felu.ns.xfr.* settings must be at least 1: max-concurrent "
                + maxConcurrent
                + ", journal-max-bytes "
                + journalMaxBytes
                + ", journal-max-entries "
                + journalMaxEntries);
      }
    }
  }

  /** The results transfers are counted by (metric label values). */
  public static final List<String> RESULTS = NameserverMetrics.TRANSFER_RESULTS;

  private static final int AXFR = 252;
  private static final int IXFR = 251;
  private static final int CLASSIC_UDP_SIZE = 512;

  private final Supplier<? extends View> served;
  private final IxfrJournal journal;
  private final TransferLimiter limiter;
  private final int maxUdpPayload;
  private final LongAdder[] results = new LongAdder[RESULTS.size()];

  public Transfers(
      Supplier<? extends View> served,
      IxfrJournal journal,
      TransferLimiter limiter,
      int maxUdpPayload) {
    this.served = served;
    this.journal = journal;
    this.limiter = limiter;
    this.maxUdpPayload = maxUdpPayload;
    for (int i = 0; i < results.length; i++) {
      results[i] = new LongAdder();
    }
  }

  /**
   * True when the bytes are a query (QR clear, opcode QUERY) with one question of type AXFR or
   * IXFR. Reads only the header and the question name's labels, so ordinary queries pay almost
   * nothing for it.
   */
  public static boolean isTransferQuery(byte[] query, int length) {
    if (length < 17 || (query[2] & 0x80) != 0 || ((query[2] >> 3) & 0xF) != 0) {
      return false;
    }
    if (query[4] != 0 || query[5] != 1) {
      return false;
    }
    int i = 12;
    while (i < length) {
      int label = query[i] & 0xFF;
      if (label == 0) {
        break;
      }
      if (label > 63) {
        return false; // compressed or extended: not a question we answer as a transfer
      }
      i += label + 1;
    }
    if (i + 4 >= length) {
      return false; // the root label, type and class must all be there
    }
    int qtype = ((query[i + 1] & 0xFF) << 8) | (query[i + 2] & 0xFF);
    return qtype == AXFR || qtype == IXFR;
  }

  /**
   * Where the request's TSIG record starts when its last additional record is one (RFC 8945 §4.2:
   * the TSIG RR is the last), else -1. Walks the wire without building records, so unsigned
   * queries, EDNS ones included, pay a few comparisons.
   */
  public static int tsigOffset(byte[] query, int length) {
    if (length < 12 || (query[2] & 0x80) != 0) {
      return -1;
    }
    int arcount = u16(query, 10);
    if (arcount == 0) {
      return -1;
    }
    int records = u16(query, 6) + u16(query, 8) + arcount;
    int pos = 12;
    for (int i = u16(query, 4); i > 0; i--) {
      pos = skipName(query, length, pos);
      if (pos < 0) {
        return -1;
      }
      pos += 4;
    }
    for (int i = 0; i < records; i++) {
      int start = pos;
      pos = skipName(query, length, pos);
      if (pos < 0 || pos + 10 > length) {
        return -1;
      }
      int type = u16(query, pos);
      int next = pos + 10 + u16(query, pos + 8);
      if (next > length) {
        return -1;
      }
      if (i == records - 1) {
        return type == TSIG_TYPE && next == length ? start : -1;
      }
      pos = next;
    }
    return -1;
  }

  private static final int TSIG_TYPE = 250;

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  /** The offset after the name at {@code pos}, or -1 when it runs past the end. */
  private static int skipName(byte[] b, int length, int pos) {
    while (pos < length) {
      int label = b[pos] & 0xFF;
      if (label == 0) {
        return pos + 1;
      }
      if ((label & 0xC0) == 0xC0) {
        return pos + 2 <= length ? pos + 2 : -1;
      }
      if (label > 63) {
        return -1;
      }
      pos += label + 1;
    }
    return -1;
  }

  /**
   * The answer to an ordinary query signed with TSIG (RFC 8945): verified with the key ring held
   * now; a failure gets NOTAUTH and the TSIG error (BADKEY, BADSIG, BADTIME) and nothing else; a
   * verified query is answered by {@code unsigned} from its bytes without the TSIG record, and the
   * answer is signed with the query's key. Null when the bytes do not parse.
   *
   * @param tsigAt where the TSIG record starts ({@link #tsigOffset})
   */
  public byte[] answerSigned(
      byte[] query, int length, int tsigAt, java.util.function.Function<byte[], byte[]> unsigned) {
    byte[] wire = java.util.Arrays.copyOf(query, length);
    Message request = parse(wire);
    if (request == null || request.getTSIG() == null) {
      return null;
    }
    TsigVerification tsig = served.get().policy().keys().verify(request, wire);
    if (tsig.failed()) {
      return TsigKeys.refusal(request, tsig);
    }
    byte[] bare = java.util.Arrays.copyOf(query, tsigAt);
    int arcount = u16(bare, 10) - 1;
    bare[10] = (byte) (arcount >> 8);
    bare[11] = (byte) arcount;
    byte[] answer = unsigned.apply(bare);
    if (answer == null) {
      return null;
    }
    try {
      return tsig.signer().sign(new Message(answer), answer);
    } catch (IOException e) {
      throw new IllegalStateException("our own answer does not parse", e);
    }
  }

  /** True when the bytes are a NOTIFY request (QR clear, opcode NOTIFY, RFC 1996). */
  public static boolean isNotify(byte[] query, int length) {
    return length >= 12 && (query[2] & 0x80) == 0 && ((query[2] >> 3) & 0xF) == Opcode.NOTIFY;
  }

  /**
   * The answer to an incoming NOTIFY, as Knot answers one for a zone it is primary of (felu's
   * nameservers are primaries only, and accept NOTIFY from nobody): NOTAUTH with the question,
   * signed when the request was signed with a key the nameserver holds, the TSIG error otherwise
   * (RFC 8945 §5.2). Null when the bytes do not parse (the responder then answers FORMERR).
   */
  public byte[] answerNotify(byte[] query, int length) {
    byte[] wire = java.util.Arrays.copyOf(query, length);
    Message request = parse(wire);
    if (request == null || request.getQuestion() == null) {
      return null;
    }
    TsigVerification tsig = served.get().policy().keys().verify(request, wire);
    if (tsig.failed()) {
      return TsigKeys.refusal(request, tsig);
    }
    return XfrMessages.rcode(request, Rcode.NOTAUTH, tsig.signer());
  }

  /**
   * The answer to a transfer request over UDP (IXFR as {@link TransferResponder#answerUdp}; AXFR:
   * NOTIMP), or null when the bytes do not parse (the ordinary responder then answers FORMERR).
   */
  public byte[] answerUdp(byte[] query, int length, InetAddress client) {
    byte[] wire = java.util.Arrays.copyOf(query, length);
    Message request = parse(wire);
    if (request == null || !TransferResponder.isTransfer(request)) {
      return null;
    }
    View v = served.get();
    OPTRecord opt = request.getOPT();
    int limit =
        opt == null
            ? CLASSIC_UDP_SIZE
            : Math.max(CLASSIC_UDP_SIZE, Math.min(opt.getPayloadSize(), maxUdpPayload));
    byte[] answer = responder(v).answerUdp(request, wire, client, zone(v, request), limit);
    count(answer);
    return answer;
  }

  /**
   * The answer to a transfer request over TCP as a stream of messages (without the length prefix),
   * or null when the bytes do not parse. The caller writes the messages as the socket takes them
   * and closes the stream at its end or when the connection ends.
   */
  public Stream answerTcp(byte[] query, int length, InetAddress client) {
    byte[] wire = java.util.Arrays.copyOf(query, length);
    Message request = parse(wire);
    if (request == null || !TransferResponder.isTransfer(request)) {
      return null;
    }
    View v = served.get();
    TransferMessages messages = responder(v).answerTcp(request, wire, client, zone(v, request));
    byte[] first;
    try {
      first = messages.next();
    } catch (RuntimeException e) {
      messages.close();
      throw e;
    }
    count(first);
    return new Stream(first, messages);
  }

  /** Transfers answered with {@code result} (one of {@link #RESULTS}) since start. */
  public long count(String result) {
    int i = RESULTS.indexOf(result);
    return i < 0 ? 0 : results[i].sum();
  }

  public IxfrJournal journal() {
    return journal;
  }

  public TransferLimiter limiter() {
    return limiter;
  }

  private TransferResponder responder(View v) {
    TransferPolicy p = v.policy();
    return new TransferResponder(
        p.keys(), p::acl, journal, limiter, TransferMessages.MAX_TCP_MESSAGE);
  }

  private static ZoneData zone(View v, Message request) {
    return v.table().findZone(request.getQuestion().getName());
  }

  private static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private void count(byte[] answer) {
    int rcode = answer.length > 3 ? answer[3] & 0xF : -1;
    int i =
        switch (rcode) {
          case Rcode.NOERROR -> 0;
          case Rcode.REFUSED -> 1;
          case Rcode.NOTAUTH -> 2;
          case Rcode.NOTIMP -> 3;
          case Rcode.FORMERR -> 4;
          default -> 5;
        };
    results[i].increment();
  }

  /** A TCP answer: its first message (already rendered, to count it) and the rest, pulled. */
  public static final class Stream implements Iterator<byte[]>, AutoCloseable {
    private byte[] first;
    private final TransferMessages rest;

    private final int firstRcode;

    Stream(byte[] first, TransferMessages rest) {
      this.first = first;
      this.rest = rest;
      this.firstRcode = first.length > 3 ? first[3] & 0xF : Rcode.SERVFAIL;
    }

    /** The response code of the first message: NOERROR for a transfer, else the refusal's. */
    public int firstRcode() {
      return firstRcode;
    }

    @Override
    public boolean hasNext() {
      return first != null || rest.hasNext();
    }

    @Override
    public byte[] next() {
      if (first != null) {
        byte[] m = first;
        first = null;
        return m;
      }
      if (!rest.hasNext()) {
        throw new NoSuchElementException();
      }
      return rest.next();
    }

    @Override
    public void close() {
      rest.close();
    }
  }
}
