package dev.felu.ns.xfr;

import dev.felu.ns.api.NameserverMetrics;
import dev.felu.protocol.Message.NotifyTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * NOTIFY (RFC 1996) to a zone's secondaries when the nameserver starts serving a new serial of it.
 * One loop ({@link #run}) on one thread of the host sends every message over UDP from the address
 * the nameserver answers on (so the secondary sees its primary's address), matches answers by
 * message id and sender, and retransmits an unanswered NOTIFY after a timeout that doubles each
 * time (RFC 1996 §3.6: "until a response is received or until it gives up"), at most {@code
 * retries} times. A newer serial of the same zone for the same secondary replaces the one still
 * pending. NOTIFY signed with the target's TSIG key has its answer's signature checked; an answer
 * that does not verify is ignored (it may be a forgery), so the NOTIFY is retried.
 *
 * <p>Bounded: at most {@code maxPending} NOTIFYs wait at once; more are dropped and counted. Every
 * outcome is counted by result ({@link NameserverMetrics#NOTIFY_RESULTS}). Thread-safe: {@link
 * #zoneChanged} may be called from any thread; the loop is the only one touching the sockets.
 */
public final class NotifySender implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(NotifySender.class.getName());

  /** The {@code felu.ns.notify.*} settings. */
  public record Settings(long timeoutMillis, int retries, int maxPending) {
    public static final Settings DEFAULTS = new Settings(2000, 5, 10_000);

    public Settings {
      if (timeoutMillis < 10 || retries < 0 || maxPending < 1) {
        throw new IllegalArgumentException(
            "felu.ns.notify.* settings: timeout-ms at least 10 (got "
                + timeoutMillis
                + "), retries at least 0 (got "
                + retries
                + "), max-pending at least 1 (got "
                + maxPending
                + ")");
      }
    }
  }

  /** The longest the loop sleeps, so that its heartbeat shows it alive. */
  static final long MAX_WAIT_MILLIS = 1000;

  private static final int MAX_ANSWER = 4096;

  private final Settings settings;
  private final InetAddress source;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentLinkedQueue<Attempt> incoming = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final Map<Key, Attempt> pending = new HashMap<>();
  private final LongAdder[] results = new LongAdder[NameserverMetrics.NOTIFY_RESULTS.size()];
  private final LongAdder messagesSent = new LongAdder();
  private volatile int pendingCount;
  private volatile long heartbeatNanos = System.nanoTime();
  private volatile boolean closed;
  private Selector selector;
  private DatagramChannel v4;
  private DatagramChannel v6;

  /** One secondary of one zone. */
  private record Key(Name zone, InetSocketAddress target) {}

  /** A NOTIFY being delivered. */
  private static final class Attempt {
    final Key key;
    final long serial;
    final SOARecord soa;
    final Name keyName;
    final TsigKeys.Key tsigKey;
    int tries;
    int id = -1;
    long dueNanos;
    TSIG signer;
    org.xbill.DNS.TSIGRecord sentTsig;

    @Override
    public String toString() {
      return "NOTIFY of " + key.zone() + " serial " + serial + " to " + key.target();
    }

    Attempt(Key key, SOARecord soa, Name keyName, TsigKeys.Key tsigKey) {
      this.key = key;
      this.soa = soa;
      this.serial = soa.getSerial();
      this.keyName = keyName;
      this.tsigKey = tsigKey;
    }
  }

  /**
   * @param source the address the nameserver answers on: NOTIFY leaves from it (any port); a
   *     wildcard address lets the system choose
   */
  public NotifySender(Settings settings, InetAddress source) {
    this(settings, source, Clock.systemUTC());
  }

  NotifySender(Settings settings, InetAddress source, Clock clock) {
    this.settings = settings;
    this.source = source;
    this.clock = clock;
    for (int i = 0; i < results.length; i++) {
      results[i] = new LongAdder();
    }
  }

  /**
   * The zone now serves {@code soa}'s serial: NOTIFY each of its secondaries. Secondaries whose key
   * the ring lacks are skipped and counted as errors (the policy refuses such rules before, so this
   * is a bug guard).
   */
  public void zoneChanged(Name zone, SOARecord soa, List<NotifyTarget> targets, TsigKeys keys) {
    for (NotifyTarget t : targets) {
      TsigKeys.Key key = t.key() == null ? null : keys.key(t.key());
      if (t.key() != null && key == null) {
        tally("error");
        LOG.warning("NOTIFY of " + zone + " to " + t.address() + ": unknown key " + t.key());
        continue;
      }
      InetSocketAddress to;
      try {
        to = new InetSocketAddress(TransferPolicy.literal(t.address()), t.port());
      } catch (IllegalArgumentException e) {
        tally("error");
        continue;
      }
      if (queued.incrementAndGet() + pendingCount > settings.maxPending()) {
        queued.decrementAndGet();
        tally("dropped");
        continue;
      }
      incoming.add(new Attempt(new Key(zone, to), soa, t.key(), key));
    }
    Selector s = selector;
    if (s != null) {
      s.wakeup();
    }
  }

  /** NOTIFYs with this result (one of {@link NameserverMetrics#NOTIFY_RESULTS}) since start. */
  public long count(String result) {
    int i = NameserverMetrics.NOTIFY_RESULTS.indexOf(result);
    return i < 0 ? 0 : results[i].sum();
  }

  /** NOTIFY messages sent, retransmissions included. */
  public long messagesSent() {
    return messagesSent.sum();
  }

  /** NOTIFYs waiting for an answer or their first sending. */
  public int pending() {
    return pendingCount + queued.get();
  }

  /**
   * When the loop last went round ({@link System#nanoTime()}); it goes round at least each second.
   */
  public long heartbeatNanos() {
    return heartbeatNanos;
  }

  /** Opens the sockets; then {@link #run} may start. */
  public void open() throws IOException {
    selector = Selector.open();
  }

  /** The loop: until {@link #close}, send what is due, read answers, retry or give up. */
  public void run() {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_ANSWER);
    while (!closed) {
      heartbeatNanos = System.nanoTime();
      try {
        takeIncoming();
        long wait = sendDue();
        selector.select(Math.max(1, Math.min(wait, MAX_WAIT_MILLIS)));
        for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
          SelectionKey k = it.next();
          it.remove();
          if (k.isValid() && k.isReadable()) {
            readAnswers((DatagramChannel) k.channel(), buffer);
          }
        }
      } catch (IOException | RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.log(Level.WARNING, "NOTIFY loop: " + e.getMessage() + "; going on", e);
      }
    }
  }

  private void takeIncoming() {
    for (Attempt a; (a = incoming.poll()) != null; ) {
      queued.decrementAndGet();
      Attempt old = pending.put(a.key, a);
      if (old != null && old.serial != a.serial) {
        tally("superseded");
      }
    }
    pendingCount = pending.size();
  }

  /** Sends what is due; returns the milliseconds until the next attempt is due. */
  private long sendDue() {
    long now = System.nanoTime();
    long next = Long.MAX_VALUE;
    for (Iterator<Attempt> it = pending.values().iterator(); it.hasNext(); ) {
      Attempt a = it.next();
      if (a.tries > 0 && a.dueNanos - now > 0) {
        next = Math.min(next, a.dueNanos - now);
        continue;
      }
      if (a.tries > settings.retries()) {
        it.remove();
        pendingCount = pending.size();
        tally("timeout");
        LOG.warning(a + " unanswered after " + a.tries + " tries; giving up");
        continue;
      }
      try {
        send(a);
      } catch (IOException | RuntimeException e) {
        LOG.warning("NOTIFY of " + a.key.zone() + " to " + a.key.target() + ": " + e.getMessage());
      }
      a.tries++;
      long timeout = settings.timeoutMillis() * 1_000_000L << Math.min(a.tries - 1, 10);
      a.dueNanos = now + timeout;
      next = Math.min(next, timeout);
    }
    pendingCount = pending.size();
    return next == Long.MAX_VALUE ? MAX_WAIT_MILLIS : Math.max(1, next / 1_000_000L);
  }

  private void send(Attempt a) throws IOException {
    Message m = new Message();
    if (a.id < 0) {
      a.id = random.nextInt(0x10000); // kept for retransmissions: a late answer still counts
    }
    m.getHeader().setID(a.id);
    m.getHeader().setOpcode(Opcode.NOTIFY);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(Record.newRecord(a.key.zone(), Type.SOA, DClass.IN), Section.QUESTION);
    m.addRecord(a.soa, Section.ANSWER); // RFC 1996 §3.7: the new SOA, as a hint
    byte[] wire;
    if (a.tsigKey != null) {
      a.signer = a.tsigKey.tsig(a.keyName, clock);
      m.setTSIG(a.signer);
      wire = m.toWire(MAX_ANSWER); // signs (dnsjava's toWire() without a size does not)
      a.sentTsig = new Message(wire).getTSIG(); // the answer's MAC covers this one's
    } else {
      wire = m.toWire(MAX_ANSWER);
    }
    channel(a.key.target().getAddress()).send(ByteBuffer.wrap(wire), a.key.target());
    messagesSent.increment();
  }

  private DatagramChannel channel(InetAddress to) throws IOException {
    boolean six = to instanceof java.net.Inet6Address;
    DatagramChannel c = six ? v6 : v4;
    if (c != null) {
      return c;
    }
    c = DatagramChannel.open(six ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
    boolean sameFamily = (source instanceof java.net.Inet6Address) == six;
    c.bind(new InetSocketAddress(sameFamily ? source : null, 0));
    c.configureBlocking(false);
    c.register(selector, SelectionKey.OP_READ);
    if (six) {
      v6 = c;
    } else {
      v4 = c;
    }
    return c;
  }

  private void readAnswers(DatagramChannel channel, ByteBuffer buffer) throws IOException {
    for (int i = 0; i < 64; i++) {
      buffer.clear();
      java.net.SocketAddress from = channel.receive(buffer);
      if (from == null) {
        return;
      }
      buffer.flip();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      answered(bytes, from);
    }
  }

  private void answered(byte[] bytes, java.net.SocketAddress from) {
    Message answer;
    try {
      answer = new Message(bytes);
    } catch (IOException | RuntimeException e) {
      return; // not DNS: ignored, the NOTIFY is retried
    }
    Record q = answer.getQuestion();
    if (!answer.getHeader().getFlag(Flags.QR)
        || answer.getHeader().getOpcode() != Opcode.NOTIFY
        || q == null) {
      return;
    }
    Attempt a = pending.get(new Key(q.getName(), (InetSocketAddress) from));
    if (a == null || a.id != answer.getHeader().getID()) {
      return; // late, duplicate or forged: ignored
    }
    if (a.signer != null && a.signer.verify(answer, bytes, a.sentTsig) != Rcode.NOERROR) {
      return; // a signed NOTIFY takes only a signed answer
    }
    pending.remove(a.key);
    pendingCount = pending.size();
    int rcode = answer.getRcode();
    if (rcode == Rcode.NOERROR) {
      tally("answered");
    } else {
      tally("error");
      LOG.warning(a + " answered " + Rcode.string(rcode));
    }
  }

  private void tally(String result) {
    results[NameserverMetrics.NOTIFY_RESULTS.indexOf(result)].increment();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    Selector s = selector;
    if (s != null) {
      s.wakeup();
      for (SelectionKey k : s.keys()) {
        k.channel().close();
      }
      s.close();
    }
  }
}
