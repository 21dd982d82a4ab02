package dev.felu.push;

import dev.felu.link.LinkHandshake;
import dev.felu.link.LinkKey;
import dev.felu.nameserver.LinkCredentials;
import dev.felu.protocol.Message;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.ProtocolException;
import dev.felu.protocol.Reply;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One management→nameserver WebSocket connection. Strictly one request at a time: send a message,
 * wait for its reply. Callers serialise on the link ({@code synchronized}) so messages to one
 * nameserver are never interleaved.
 *
 * <p>Every wait has a deadline of ours ({@link Deadlines}): the connect and handshake run on the
 * coordinator's I/O threads and are abandoned when they overrun (the coordinator then makes a new
 * client container); a send is asynchronous and awaited with a deadline; a close never waits. So a
 * sync holding the link's lock always ends, and the link records where it is ({@link #step()}) and
 * when it last moved ({@link #quietNanos()}) for the watchdog.
 *
 * <p>Every handshake carries a fresh signed header ({@link LinkHandshake}) with the key {@link
 * LinkKeys} chooses. During a key rotation the pending key is tried first — when connecting, and on
 * an open link every {@value LinkKeys#PENDING_RETRY_MILLIS} ms through a second handshake that
 * replaces the connection only once it succeeded — so the link never goes down for a rotation; a
 * refused pending key falls back to the active one. A failed connection waits by its {@link
 * Backoff}; replies are matched to messages by their order ({@link ReplyQueue}).
 */
final class NameserverLink implements LinkEndpoint {
  /** Handshakes abandoned and still running; past this many, no new one starts. */
  static final int MAX_HANGING_CONNECTS = 2;

  private final String name;

  /**
   * The coordinator's WebSocket client (shared by all links, carries the TLS settings), replaced by
   * a fresh one after a handshake had to be abandoned.
   */
  private final LinkClient client;

  /** When the link last moved: made, a reply, an outcome of a check (System.nanoTime). */
  private volatile long movedNanos = System.nanoTime();

  /** What the link is doing now, for the watchdog's log and health detail. */
  private volatile String step = "idle";

  private final AtomicInteger hangingConnects = new AtomicInteger();

  private volatile URI uri;

  /** Bumped by every change of address or active key; a connection begun before is dropped. */
  private final AtomicInteger generation = new AtomicInteger();

  private int connecting;

  /** Which key the handshakes are signed with. */
  private final LinkKeys keys;

  /** The session a second handshake is replacing now ({@link #tryPendingKey}), else null. */
  private volatile Session replacing;

  /** Read and cleared without the link's lock, so that closing never waits for a stuck request. */
  private final AtomicReference<Session> session = new AtomicReference<>();

  /** Replies awaited, oldest first; the nameserver answers in order. */
  private final ReplyQueue replies = new ReplyQueue();

  /** When to try connecting again after failures. */
  private final Backoff backoff = new Backoff();

  private final AtomicReference<LinkStatus> status = new AtomicReference<>(LinkStatus.UNKNOWN);
  private volatile boolean retired;

  /** Told when the connection is lost ({@link #whenLost}). */
  private volatile Consumer<NameserverLink> onLost = link -> {};

  /**
   * The last revision recorded in the progress log for this nameserver (written by its sync thread,
   * read by the others' to find what every nameserver serves).
   */
  private volatile long recordedRevision = Long.MIN_VALUE;

  /** For {@link SyncScheduler}: at most one sync task per link runs or waits in the executor. */
  final AtomicBoolean syncRequested = new AtomicBoolean();

  final AtomicBoolean syncScheduled = new AtomicBoolean();

  /** For {@link SyncScheduler}: a retry waits for the backoff ({@link #millisUntilConnect}). */
  final AtomicBoolean retryScheduled = new AtomicBoolean();

  /**
   * A forced full resync waits: the next sync sends a snapshot even when the nameserver holds the
   * head. Cleared only once a snapshot was applied, so it survives a link that is down.
   */
  private final AtomicBoolean resyncRequested = new AtomicBoolean();

  NameserverLink(String name, URI uri, LinkCredentials credentials, LinkClient client) {
    this.name = name;
    this.uri = uri;
    this.keys = new LinkKeys(credentials);
    this.client = client;
  }

  /** A fresh link to the same place with the same keys, replacing one whose sync is stuck. */
  NameserverLink successor() {
    NameserverLink next = new NameserverLink(name, uri, keys.current(), client);
    next.onLost = onLost;
    next.status.set(status.get());
    next.resyncRequested.set(resyncRequested.get());
    return next;
  }

  /** What the link is doing now ("idle" between syncs). */
  String step() {
    return step;
  }

  @Override
  public void step(String now) {
    step = now;
  }

  @Override
  public void moved() {
    movedNanos = System.nanoTime();
  }

  /** Nanoseconds since the link last moved. */
  long quietNanos() {
    return System.nanoTime() - movedNanos;
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Updates where and how to connect. A new address or active key drops the current connection; a
   * new pending key is tried at the next sync, beside the open connection.
   */
  void configure(URI newUri, LinkCredentials newCredentials) {
    boolean activeChanged = keys.update(newCredentials);
    if (!newUri.equals(uri) || activeChanged) {
      uri = newUri;
      generation.incrementAndGet();
      close("configuration changed");
      backoff.retryNow();
    }
  }

  @Override
  public boolean pendingKeyDue() {
    return keys.pendingDue() && connected();
  }

  @Override
  public LinkStatus status() {
    return status.get();
  }

  @Override
  public boolean connected() {
    Session s = session.get();
    return s != null && s.isOpen();
  }

  @Override
  public boolean mayConnect() {
    return backoff.allowsAttempt();
  }

  /** Milliseconds until the backoff allows the next connection attempt, 0 when it allows it now. */
  long millisUntilConnect() {
    return backoff.millisUntilAttempt();
  }

  /**
   * Who is told when the connection closes or fails by itself, on the WebSocket client's thread:
   * the coordinator asks for a sync, which reconnects as soon as the backoff allows, rather than
   * waiting for the next check.
   */
  void whenLost(Consumer<NameserverLink> listener) {
    onLost = listener;
  }

  /** The nameserver was removed or disabled: this link never connects again. */
  void retire(String why) {
    retired = true;
    close(why);
  }

  @Override
  public boolean retired() {
    return retired;
  }

  @Override
  public synchronized Optional<String> connect() throws LinkException {
    if (retired) {
      throw new LinkException(name + " link is retired");
    }
    connecting = generation.get();
    LinkCredentials c = keys.current();
    if (c.pending() != null) {
      try {
        adopt(open(c.pending()));
        return Optional.of(keys.accepted(c));
      } catch (LinkException e) {
        throw e; // reconfigured while connecting
      } catch (Exception e) {
        keys.pendingRefused();
        if (c.active() == null) {
          session.set(null);
          failed("cannot connect to " + uri + " with the pending key: " + RootCause.message(e));
          throw new LinkException(name + " refused the pending key: " + RootCause.message(e), e);
        }
      }
    }
    if (c.active() == null) {
      String why = c.problem() != null ? c.problem() : "it has no link key";
      failed("cannot connect to " + name + ": " + why);
      throw new LinkException("cannot connect to " + name + ": " + why);
    }
    try {
      adopt(open(c.active()));
      return Optional.empty();
    } catch (LinkException e) {
      throw e; // reconfigured while connecting
    } catch (Exception e) {
      session.set(null);
      failed("cannot connect to " + uri + ": " + RootCause.message(e));
      throw new LinkException("cannot connect to " + uri + ": " + RootCause.message(e), e);
    }
  }

  /**
   * On an open link, tries the pending key through a second handshake; when the nameserver accepts
   * it the new connection replaces the old one, else the old one stays.
   */
  @Override
  public synchronized Optional<String> tryPendingKey() {
    LinkCredentials c = keys.current();
    if (c.pending() == null || retired) {
      return Optional.empty();
    }
    Session fresh;
    // the nameserver closes the open session as superseded once the new one opens (one config link
    // at a time): that close is this replacement, not a loss
    replacing = session.get();
    try {
      fresh = open(c.pending());
    } catch (Exception e) {
      replacing = null;
      keys.pendingRefused();
      return Optional.empty();
    }
    Session old = session.getAndSet(fresh);
    replacing = null;
    if (old != null) {
      closeLater(old, "key rotated");
    }
    return Optional.of(keys.accepted(c));
  }

  private void adopt(Session s) throws LinkException {
    session.set(s);
    if (retired) {
      close("nameserver removed or disabled"); // retired while we were connecting
    } else if (generation.get() != connecting) {
      // its address or key changed while we were connecting: this session goes to the old one
      close("configuration changed while connecting");
      backoff.retryNow();
      throw new LinkException(name + " was reconfigured while connecting; connecting again");
    }
  }

  /** One signed handshake with the given key. */
  private Session open(LinkKey key) throws Exception {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String nameserver = keys.current().nameserver();
    long epoch = client.epoch();
    ClientEndpointConfig config =
        ClientEndpointConfig.Builder.create()
            .configurator(
                new ClientEndpointConfig.Configurator() {
                  @Override
                  public void beforeRequest(Map<String, List<String>> headers) {
                    headers.put(
                        "Authorization",
                        List.of(
                            LinkHandshake.authorization(
                                key, nameserver, path, epoch, Instant.now())));
                  }
                })
            .build();
    if (hangingConnects.get() >= MAX_HANGING_CONNECTS) {
      throw new IOException(
          hangingConnects.get()
              + " earlier handshakes with "
              + uri
              + " still hang; not starting one");
    }
    URI target = uri;
    WebSocketContainer container = client.container();
    AtomicBoolean abandoned = new AtomicBoolean();
    hangingConnects.incrementAndGet();
    Future<Session> connecting;
    try {
      connecting =
          client.submit(
              () -> {
                try {
                  Session s = container.connectToServer(new Handler(), config, target);
                  if (abandoned.get()) {
                    closeQuietly(s, "handshake abandoned");
                  }
                  return s;
                } finally {
                  hangingConnects.decrementAndGet();
                }
              });
    } catch (RejectedExecutionException e) {
      hangingConnects.decrementAndGet();
      throw new IOException("no link I/O thread free to connect", e);
    }
    step("connecting to " + target);
    try {
      Session s = connecting.get(Deadlines.CONNECT.toMillis(), TimeUnit.MILLISECONDS);
      s.setMaxIdleTimeout(0);
      return s;
    } catch (TimeoutException e) {
      abandoned.set(true);
      connecting.cancel(true);
      client.handshakeAbandoned(container);
      // no cause: the link's error names its root cause, and this message is the whole story
      throw new IOException(
          "the connect and handshake did not finish within "
              + Deadlines.CONNECT.toSeconds()
              + " s");
    } catch (ExecutionException e) {
      // Tyrus: "Handshake error (Response code was not 101: 409)"
      if (String.valueOf(RootCause.of(e).getMessage()).contains("not 101: 409")) {
        // the nameserver holds a config link of a newer leadership epoch and says so in its log
        throw new IOException(
            "refused (409): a config link of a newer leadership epoch is open at "
                + name
                + " (this instance's epoch "
                + epoch
                + "): another management instance drives it");
      }
      if (RootCause.of(e) instanceof TimeoutException) {
        // Tyrus's own handshake timeout, set just inside ours
        throw new IOException(
            "the connect and handshake did not finish within "
                + Deadlines.CONNECT.toSeconds()
                + " s");
      }
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }

  @Override
  public synchronized Reply request(Message message) throws LinkException {
    CompletableFuture<byte[]> reply = send(message);
    return await(
        reply,
        message instanceof Message.StatusRequest ? Deadlines.STATUS_REPLY : Deadlines.APPLY_REPLY);
  }

  /**
   * Sends one message without waiting for its reply (pipelining: the nameserver answers every
   * message in order, so replies are matched to requests first in, first out).
   */
  @Override
  public synchronized CompletableFuture<byte[]> send(Message message) throws LinkException {
    Session open = session.get();
    if (open == null || !open.isOpen()) {
      throw new LinkException("not connected to " + name);
    }
    CompletableFuture<byte[]> reply = replies.expect();
    Future<Void> sent = null;
    try {
      // asynchronous, so a peer that stops reading cannot hold this thread past the deadline
      sent = open.getAsyncRemote().sendBinary(ByteBuffer.wrap(ProtocolCodec.encode(message)));
      sent.get(Deadlines.SEND.toMillis(), TimeUnit.MILLISECONDS);
      return reply;
    } catch (TimeoutException e) {
      sent.cancel(true);
      close("send timed out");
      failed(name + " did not take a message within " + Deadlines.SEND.toSeconds() + " s");
      throw new LinkException(
          name + " did not take a message within " + Deadlines.SEND.toSeconds() + " s", e);
    } catch (ExecutionException | RuntimeException e) {
      close("request failed");
      failed(name + " link failed: " + RootCause.message(e));
      throw new LinkException(name + " link failed: " + RootCause.message(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close("interrupted");
      throw new LinkException("interrupted", e);
    }
  }

  @Override
  public synchronized Reply await(CompletableFuture<byte[]> reply, Duration timeout)
      throws LinkException {
    try {
      Reply r = ProtocolCodec.decodeReply(reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
      status.updateAndGet(s -> s.withReply(r, OffsetDateTime.now(ZoneOffset.UTC)));
      backoff.succeeded(); // the nameserver answers: the next loss starts the waits over
      return r;
    } catch (ExecutionException | ProtocolException e) {
      close("request failed");
      failed(name + " link failed: " + RootCause.message(e));
      throw new LinkException(name + " link failed: " + RootCause.message(e), e);
    } catch (TimeoutException e) {
      close("no reply");
      failed(name + " did not reply within " + timeout.toSeconds() + " s");
      throw new LinkException(name + " did not reply within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close("interrupted");
      throw new LinkException("interrupted", e);
    }
  }

  @Override
  public void markInSync(boolean inSync) {
    status.updateAndGet(s -> s.withInSync(inSync));
  }

  @Override
  public void requestResync() {
    resyncRequested.set(true);
  }

  @Override
  public boolean takeResync() {
    return resyncRequested.getAndSet(false);
  }

  /** Whether a forced full resync waits to be sent. */
  boolean resyncPending() {
    return resyncRequested.get();
  }

  @Override
  public long recordedRevision() {
    return recordedRevision;
  }

  @Override
  public void recordedRevision(long revision) {
    recordedRevision = revision;
  }

  /**
   * Drops the connection without waiting: pending replies fail at once, and the close handshake
   * (which a stuck peer may never take) runs on an I/O thread.
   */
  void close(String why) {
    Session s = session.getAndSet(null);
    if (s != null) {
      closeLater(s, why);
    }
    replies.failAll(new IOException("connection closed: " + why));
    status.updateAndGet(LinkStatus::disconnected);
  }

  /** An attempt failed: back off, and say why. */
  private void failed(String error) {
    backoff.failed();
    status.updateAndGet(s -> s.disconnected().withLastError(error));
  }

  private void closeLater(Session s, String why) {
    try {
      client.submit(() -> closeQuietly(s, why));
    } catch (RejectedExecutionException e) {
      closeQuietly(s, why); // no I/O thread free: Tyrus's own close deadline bounds this
    }
  }

  private static Void closeQuietly(Session s, String why) {
    try {
      s.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, why));
    } catch (IOException | RuntimeException ignored) {
      // the connection is being dropped anyway
    }
    return null;
  }

  private final class Handler extends Endpoint {
    @Override
    public void onOpen(Session s, EndpointConfig config) {
      s.addMessageHandler(
          byte[].class,
          (MessageHandler.Whole<byte[]>)
              bytes -> {
                moved();
                replies.arrived(bytes);
              });
    }

    @Override
    public void onClose(Session s, CloseReason reason) {
      replies.failAll(new IOException("connection closed: " + reason.getReasonPhrase()));
      if (s == replacing) {
        return; // superseded by this link's own new handshake (key rotation)
      }
      if (reason.getCloseCode() == CloseReason.CloseCodes.VIOLATED_POLICY && session.get() == s) {
        // the nameserver closed it on purpose: a link of a newer leadership epoch replaced it
        status.updateAndGet(
            st ->
                st.disconnected()
                    .withLastError("closed by " + name + ": " + reason.getReasonPhrase()));
      }
      lost(s);
    }

    @Override
    public void onError(Session s, Throwable t) {
      replies.failAll(t);
      lost(s);
    }

    /** The link's own connection ended (not one it replaced or dropped itself): reconnect soon. */
    private void lost(Session s) {
      if (session.get() == s && !retired) {
        onLost.accept(NameserverLink.this);
      }
    }
  }
}
