package dev.felu.ns.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * DNS over TCP (RFC 7766) on one selector thread, so that no client — slow, silent, half-open or
 * never reading — can hold a thread or starve the others:
 *
 * <ul>
 *   <li>two-byte length framing parsed incrementally (RFC 1035 §4.2.2): a frame may arrive byte by
 *       byte, and several pipelined frames may arrive in one read; they are answered in order (RFC
 *       7766 §6.2.1.1 allows, and clients expect, in-order answers from a serial server);
 *   <li>responses queue per connection and are written without blocking; once {@value
 *       #MAX_PENDING_OUTPUT} bytes wait, the connection is not read until they drain, so a client
 *       that never reads costs at most that much heap plus one read buffer;
 *   <li>a connection without progress (bytes read or written) for the idle timeout is closed (RFC
 *       7766 §6.2.3);
 *   <li>at the connection limit a newcomer is still served: the connection idle longest is closed
 *       for it (RFC 7766 §6.2.3 lets a server close idle connections under resource pressure);
 *   <li>a frame shorter than a DNS header, a query the responder drops, or a responder failure ends
 *       the connection once the answers queued before it are written;
 *   <li>a zone transfer (AXFR/IXFR, {@link dev.felu.ns.xfr.Transfers}) is a pulled stream of
 *       messages: the next message is rendered only when the socket has taken the previous ones, so
 *       a transfer holds no thread and about one message of memory, and a client that stops reading
 *       makes no progress and is closed by the idle timeout (which gives the transfer's permit
 *       back); no further query on that connection is read until the stream ends.
 * </ul>
 */
final class TcpListener implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TcpListener.class.getName());

  /** Queued response bytes per connection above which it is no longer read. */
  static final int MAX_PENDING_OUTPUT = 64 * 1024;

  /** Bytes taken from one connection per read; bounds the input kept while output drains. */
  private static final int READ_BUFFER = 16 * 1024;

  /** Connections accepted per wakeup, so that a connect flood cannot starve established ones. */
  private static final int ACCEPTS_PER_WAKEUP = 64;

  private static final int HEADER_LENGTH = 12;

  /**
   * Transfer messages rendered for one connection per wakeup, so that a client with a fast socket
   * cannot keep the selector from the others.
   */
  private static final int MESSAGES_PER_TURN = 4;

  private final Selector selector;
  private final ServerSocketChannel server;
  private final CountingResponder responder;
  private final DnsStats stats;
  private final int maxConnections;
  private final long idleTimeoutNanos;

  /** Selector thread only. Ordered by last progress: the first has been idle longest. */
  private final Set<Connection> byIdleness = new LinkedHashSet<>();

  /** Every open client channel, so that {@link #close()} can close them from any thread. */
  private final Set<SocketChannel> channels = ConcurrentHashMap.newKeySet();

  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
  private final AtomicBoolean loopClaimed = new AtomicBoolean();
  private final CountDownLatch loopEnded = new CountDownLatch(1);
  private volatile boolean closed;

  TcpListener(
      InetSocketAddress address,
      CountingResponder responder,
      int maxConnections,
      int idleTimeoutMillis)
      throws IOException {
    this.responder = responder;
    this.stats = responder.stats();
    this.maxConnections = maxConnections;
    this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
    this.selector = Selector.open();
    try {
      this.server = ServerSocketChannel.open();
    } catch (IOException e) {
      selector.close();
      throw e;
    }
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(address, 128);
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException e) {
      server.close();
      selector.close();
      throw new IOException("cannot bind DNS/TCP to " + address + ": " + e.getMessage(), e);
    }
  }

  /** The selector loop; returns once {@link #close()} is called. */
  void serve() {
    if (!loopClaimed.compareAndSet(false, true)) {
      return; // closed before the loop started
    }
    try {
      while (!closed) {
        selector.select(selectTimeoutMillis());
        if (closed) {
          break;
        }
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
          SelectionKey key = ready.next();
          ready.remove();
          if (key.attachment() instanceof Connection c) {
            service(c, key);
          } else if (key.isValid() && key.isAcceptable()) {
            acceptAll();
          }
        }
        closeIdle();
      }
    } catch (IOException | ClosedSelectorException e) {
      if (!closed) {
        LOG.log(Level.SEVERE, "DNS/TCP selector failed; TCP is no longer served", e);
      }
    } finally {
      shutDown();
      loopEnded.countDown();
    }
  }

  private long selectTimeoutMillis() {
    if (byIdleness.isEmpty()) {
      return 0; // nothing can time out: wait for a connection
    }
    long due = byIdleness.iterator().next().lastProgress + idleTimeoutNanos;
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime()) + 1);
  }

  private void acceptAll() {
    for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (IOException e) {
        LOG.log(Level.FINE, "accept failed", e);
        return;
      }
      if (ch == null) {
        return;
      }
      if (byIdleness.size() >= maxConnections) {
        Connection idlest = byIdleness.iterator().next();
        stats.tcpEvicted();
        close(idlest);
      }
      try {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Connection c = new Connection(ch);
        c.key = ch.register(selector, SelectionKey.OP_READ, c);
        channels.add(ch);
        stats.tcpAccepted();
        c.touch();
      } catch (IOException e) {
        LOG.log(Level.FINE, "cannot set up an accepted TCP connection", e);
        closeQuietly(ch);
      }
    }
  }

  private void service(Connection c, SelectionKey key) {
    try {
      if (key.isValid() && key.isReadable() && c.mayRead()) {
        read(c);
      }
      // write, and when the queue has room again take up input kept back while it was full
      int pumped = 0;
      while (true) {
        flush(c);
        if (c.stream != null) {
          if (c.closing || c.pendingBytes > 0 || pumped == MESSAGES_PER_TURN) {
            break; // the socket is full, or other connections' turn: OP_WRITE brings us back
          }
          pump(c);
          pumped++;
          continue;
        }
        if (c.kept == null || c.closing || c.pendingBytes >= MAX_PENDING_OUTPUT) {
          break;
        }
        consume(c, c.kept);
        if (!c.kept.hasRemaining()) {
          c.kept = null;
        }
      }
      if (c.finished()) {
        close(c);
      } else {
        boolean throttled = !c.closing && (c.kept != null || c.pendingBytes >= MAX_PENDING_OUTPUT);
        if (throttled != c.throttled) {
          c.throttled = throttled;
          stats.tcpThrottled(throttled);
        }
        key.interestOps(
            (c.mayRead() ? SelectionKey.OP_READ : 0)
                | (c.pendingBytes > 0 || c.stream != null ? SelectionKey.OP_WRITE : 0));
      }
    } catch (IOException | CancelledKeyException e) {
      // reset by the client, or closed under us by close(): the end of this connection
      close(c);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "DNS/TCP connection from " + c.peer + " failed; closing it", e);
      close(c);
    }
  }

  private void read(Connection c) throws IOException {
    readBuffer.clear();
    int n = c.channel.read(readBuffer);
    if (n < 0) {
      c.eof = true; // the client is done sending; answer what it sent, then close
      return;
    }
    if (n == 0) {
      return;
    }
    c.touch();
    readBuffer.flip();
    consume(c, readBuffer);
    if (readBuffer.hasRemaining() && !c.closing) {
      // output is full: keep the rest (at most one read) until it drains
      ByteBuffer rest = ByteBuffer.allocate(readBuffer.remaining());
      rest.put(readBuffer).flip();
      c.kept = rest;
    }
  }

  /** Parses frames from {@code in} and answers each, until input ends or output is full. */
  private void consume(Connection c, ByteBuffer in) {
    while (in.hasRemaining()
        && !c.closing
        && c.stream == null
        && c.pendingBytes < MAX_PENDING_OUTPUT) {
      if (c.frame == null) {
        int b = in.get() & 0xFF;
        if (c.lengthHigh < 0) {
          c.lengthHigh = b;
          continue;
        }
        int length = (c.lengthHigh << 8) | b;
        c.lengthHigh = -1;
        if (length < HEADER_LENGTH) {
          responder.shortFrame(); // not a DNS message; RFC 7766 §8 leaves us to close
          c.closing = true;
          return;
        }
        c.frame = new byte[length];
        c.framePosition = 0;
      } else {
        int n = Math.min(in.remaining(), c.frame.length - c.framePosition);
        in.get(c.frame, c.framePosition, n);
        c.framePosition += n;
        if (c.framePosition == c.frame.length) {
          byte[] query = c.frame;
          c.frame = null;
          answer(c, query);
        }
      }
    }
  }

  private void answer(Connection c, byte[] query) {
    if (responder.isTransfer(query, query.length)) {
      c.stream = responder.transfer(query, query.length, c.peer);
      if (c.stream == null) {
        c.closing = true;
      }
      return; // the service loop pulls its messages as the socket takes them
    }
    byte[] response = responder.respond(query, query.length, false, c.peer);
    if (response == null) {
      c.closing = true; // dropped or failed: nothing sensible to say (RFC 7766 §6.2.1)
      return;
    }
    ByteBuffer framed = ByteBuffer.allocate(2 + response.length);
    framed.putShort((short) response.length).put(response).flip();
    c.output.add(framed);
    c.pendingBytes += framed.remaining();
  }

  /** Queues the transfer's next message, or ends the stream after its last. */
  private void pump(Connection c) {
    if (c.stream.hasNext()) {
      byte[] message = c.stream.next();
      ByteBuffer framed = ByteBuffer.allocate(2 + message.length);
      framed.putShort((short) message.length).put(message).flip();
      c.output.add(framed);
      c.pendingBytes += framed.remaining();
    } else {
      c.stream.close();
      c.stream = null;
    }
  }

  private void flush(Connection c) throws IOException {
    while (!c.output.isEmpty()) {
      ByteBuffer head = c.output.peek();
      int n = c.channel.write(head);
      if (n > 0) {
        c.pendingBytes -= n;
        c.touch();
      }
      if (head.hasRemaining()) {
        return; // the socket is full; OP_WRITE brings us back
      }
      c.output.poll();
    }
  }

  private void closeIdle() {
    long now = System.nanoTime();
    while (!byIdleness.isEmpty()) {
      Connection oldest = byIdleness.iterator().next();
      if (now - oldest.lastProgress < idleTimeoutNanos) {
        return;
      }
      stats.tcpTimedOut();
      close(oldest);
    }
  }

  private void close(Connection c) {
    if (c.closed) {
      return;
    }
    c.closed = true;
    if (c.stream != null) {
      c.stream.close(); // gives the transfer's permit back
      c.stream = null;
    }
    byIdleness.remove(c);
    channels.remove(c.channel);
    stats.tcpClosed();
    if (c.throttled) {
      stats.tcpThrottled(false);
    }
    closeQuietly(c.channel);
  }

  private void shutDown() {
    for (Connection c : byIdleness.toArray(new Connection[0])) {
      close(c);
    }
    closeQuietly(server);
    try {
      selector.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing the DNS/TCP selector", e);
    }
  }

  private static void closeQuietly(java.nio.channels.Channel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  /**
   * Stops accepting, closes every connection and ends the selector loop, waiting briefly for it so
   * that no thread outlives the listener.
   */
  @Override
  public void close() throws IOException {
    closed = true;
    closeQuietly(server);
    for (SocketChannel ch : channels) {
      closeQuietly(ch); // the client sees the end now, even if the loop is busy
    }
    if (loopClaimed.compareAndSet(false, true)) {
      shutDown(); // the loop never ran
      return;
    }
    selector.wakeup();
    try {
      loopEnded.await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One client connection; touched by the selector thread only. */
  private final class Connection {
    final SocketChannel channel;
    final SocketAddress peer;
    SelectionKey key;
    long lastProgress;

    /** First length byte while the second is awaited, else -1. */
    int lengthHigh = -1;

    /** The frame being read, null between frames. */
    byte[] frame;

    int framePosition;

    /** Input read while output was full, processed once it drains; null when none. */
    ByteBuffer kept;

    final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
    int pendingBytes;

    /** The client shut down its sending side. */
    boolean eof;

    /** No more queries are taken; the connection closes once its output is written. */
    boolean closing;

    boolean closed;

    /** Counted in {@link DnsStats#tcpConnectionsThrottled()}. */
    boolean throttled;

    /** The zone transfer being written, or null. */
    dev.felu.ns.xfr.Transfers.Stream stream;

    Connection(SocketChannel channel) throws IOException {
      this.channel = channel;
      this.peer = channel.getRemoteAddress();
    }

    void touch() {
      if (closed) {
        return;
      }
      lastProgress = System.nanoTime();
      byIdleness.remove(this); // re-insert at the end: most recently active
      byIdleness.add(this);
    }

    boolean mayRead() {
      return !eof
          && !closing
          && stream == null
          && kept == null
          && pendingBytes < MAX_PENDING_OUTPUT;
    }

    boolean finished() {
      return pendingBytes == 0 && (closing || (eof && kept == null && stream == null));
    }
  }
}
