package dev.felu.push;

import dev.felu.protocol.Message;
import dev.felu.protocol.ProtocolCodec;
import dev.felu.protocol.ProtocolException;
import dev.felu.protocol.Reply;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One management→nameserver WebSocket connection. Strictly one request at a time: send a message,
 * wait for its reply. Callers serialise on the link ({@code synchronized}) so messages to one
 * nameserver are never interleaved.
 */
final class NameserverLink {
  /** A status reply is tiny and immediate; a snapshot may take a while to build and apply. */
  private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);

  static final Duration APPLY_TIMEOUT = Duration.ofSeconds(120);
  private static final long MAX_BACKOFF_MILLIS = 60_000;

  /** One WebSocket client container for all links: each container owns its own I/O threads. */
  private static final class Client {
    static final WebSocketContainer CONTAINER = ContainerProvider.getWebSocketContainer();
  }

  private final String name;
  private volatile URI uri;
  private volatile String secret;

  /** Read and cleared without the link's lock, so that closing never waits for a stuck request. */
  private final java.util.concurrent.atomic.AtomicReference<Session> session =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** Replies awaited, oldest first; the nameserver answers in order. */
  private final Queue<CompletableFuture<byte[]>> pending = new ConcurrentLinkedQueue<>();

  private long failures;
  private volatile long nextAttemptMillis;
  private volatile LinkStatus status = LinkStatus.UNKNOWN;
  private volatile boolean retired;

  /** The last revision recorded in the progress log for this nameserver (sync thread only). */
  long recordedRevision = Long.MIN_VALUE;

  /** Sync scheduling: at most one sync task per link runs or waits in the executor. */
  final java.util.concurrent.atomic.AtomicBoolean syncRequested =
      new java.util.concurrent.atomic.AtomicBoolean();

  final java.util.concurrent.atomic.AtomicBoolean syncScheduled =
      new java.util.concurrent.atomic.AtomicBoolean();

  NameserverLink(String name, URI uri, String secret) {
    this.name = name;
    this.uri = uri;
    this.secret = secret;
  }

  String name() {
    return name;
  }

  /** Updates where and how to connect; a change drops the current connection. */
  void configure(URI newUri, String newSecret) {
    if (!newUri.equals(uri) || !java.util.Objects.equals(newSecret, secret)) {
      uri = newUri;
      secret = newSecret;
      close("configuration changed");
      nextAttemptMillis = 0;
    }
  }

  LinkStatus status() {
    return status;
  }

  boolean connected() {
    Session s = session.get();
    return s != null && s.isOpen();
  }

  /**
   * Whether the exponential backoff (1, 2, 4 … 60 s, with jitter) allows a connection attempt now.
   */
  synchronized boolean mayConnect() {
    return System.currentTimeMillis() >= nextAttemptMillis;
  }

  /** The nameserver was removed or disabled: this link never connects again. */
  void retire(String why) {
    retired = true;
    close(why);
  }

  boolean retired() {
    return retired;
  }

  synchronized void connect() throws LinkException {
    if (retired) {
      throw new LinkException(name + " link is retired");
    }
    WebSocketContainer container = Client.CONTAINER;
    String presented = secret == null ? "" : secret;
    ClientEndpointConfig config =
        ClientEndpointConfig.Builder.create()
            .configurator(
                new ClientEndpointConfig.Configurator() {
                  @Override
                  public void beforeRequest(Map<String, List<String>> headers) {
                    headers.put("Authorization", List.of("Bearer " + presented));
                  }
                })
            .build();
    try {
      Session s = container.connectToServer(new Handler(), config, uri);
      s.setMaxIdleTimeout(0);
      session.set(s);
      failures = 0;
      if (retired) {
        close("nameserver removed or disabled"); // retired while we were connecting
      }
    } catch (Exception e) {
      session.set(null);
      failed("cannot connect to " + uri + ": " + rootMessage(e));
      throw new LinkException("cannot connect to " + uri + ": " + rootMessage(e), e);
    }
  }

  /** Sends one message and returns the nameserver's reply. */
  synchronized Reply request(Message message) throws LinkException {
    CompletableFuture<byte[]> reply = send(message);
    return await(reply, message instanceof Message.StatusRequest ? STATUS_TIMEOUT : APPLY_TIMEOUT);
  }

  /**
   * Sends one message without waiting for its reply (pipelining: the nameserver answers every
   * message in order, so replies are matched to requests first in, first out). Every future this
   * returns must be passed to {@link #await} in the same order.
   */
  synchronized CompletableFuture<byte[]> send(Message message) throws LinkException {
    Session open = session.get();
    if (open == null || !open.isOpen()) {
      throw new LinkException("not connected to " + name);
    }
    CompletableFuture<byte[]> reply = new CompletableFuture<>();
    pending.add(reply);
    try {
      open.getBasicRemote().sendBinary(ByteBuffer.wrap(ProtocolCodec.encode(message)));
      return reply;
    } catch (IOException | RuntimeException e) {
      close("request failed");
      failed(name + " link failed: " + rootMessage(e));
      throw new LinkException(name + " link failed: " + rootMessage(e), e);
    }
  }

  /** Waits for the reply to a message sent with {@link #send}. */
  synchronized Reply await(CompletableFuture<byte[]> reply, Duration timeout) throws LinkException {
    try {
      Reply r = ProtocolCodec.decodeReply(reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
      status =
          new LinkStatus(
              true,
              r.revision(),
              r.revision() < 0 ? null : r.hash().hex(),
              r.serving(),
              status.inSync(),
              OffsetDateTime.now(ZoneOffset.UTC),
              r.error());
      return r;
    } catch (ExecutionException | ProtocolException e) {
      close("request failed");
      failed(name + " link failed: " + rootMessage(e));
      throw new LinkException(name + " link failed: " + rootMessage(e), e);
    } catch (TimeoutException e) {
      close("no reply");
      failed(name + " did not reply in time");
      throw new LinkException(name + " did not reply in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close("interrupted");
      throw new LinkException("interrupted", e);
    }
  }

  void markInSync(boolean inSync) {
    LinkStatus s = status;
    status =
        new LinkStatus(
            s.connected(),
            s.revision(),
            s.hash(),
            s.serving(),
            inSync,
            s.lastContact(),
            s.lastError());
  }

  void close(String why) {
    Session s = session.getAndSet(null);
    if (s != null) {
      try {
        s.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, why));
      } catch (IOException | RuntimeException ignored) {
        // the connection is being dropped anyway
      }
    }
    failPending(new IOException("connection closed: " + why));
    LinkStatus st = status;
    status =
        new LinkStatus(
            false, st.revision(), st.hash(), st.serving(), false, st.lastContact(), st.lastError());
  }

  private void failed(String error) {
    failures++;
    long backoff = Math.min(MAX_BACKOFF_MILLIS, 1000L << Math.min(failures - 1, 6));
    long jitter = ThreadLocalRandom.current().nextLong(backoff / 5 + 1);
    nextAttemptMillis = System.currentTimeMillis() + backoff - jitter;
    LinkStatus st = status;
    status =
        new LinkStatus(
            false, st.revision(), st.hash(), st.serving(), false, st.lastContact(), error);
  }

  private void failPending(Throwable why) {
    for (CompletableFuture<byte[]> p; (p = pending.poll()) != null; ) {
      p.completeExceptionally(why);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private final class Handler extends Endpoint {
    @Override
    public void onOpen(Session s, EndpointConfig config) {
      s.addMessageHandler(
          byte[].class,
          (MessageHandler.Whole<byte[]>)
              bytes -> {
                CompletableFuture<byte[]> p = pending.poll();
                if (p != null) {
                  p.complete(bytes);
                }
              });
    }

    @Override
    public void onClose(Session s, CloseReason reason) {
      failPending(new IOException("connection closed: " + reason.getReasonPhrase()));
    }

    @Override
    public void onError(Session s, Throwable t) {
      failPending(t);
    }
  }
}
