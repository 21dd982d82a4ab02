package dev.felu.push;

import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What every link shares: the WebSocket client container and the few threads that run the calls
 * which may hang in the library (connect and handshake, close), so that a link can give up on them
 * at its own deadline. A container under which a handshake had to be abandoned is replaced by a
 * fresh one; the threads are bounded, and a link that finds none free fails its attempt and retries
 * after backoff.
 */
final class LinkClient implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LinkClient.class.getName());

  /** Tyrus's own handshake timeout (milliseconds), set a little inside ours. */
  static final String TYRUS_HANDSHAKE_TIMEOUT =
      "org.glassfish.tyrus.client.ClientManager.ContainerTimeout";

  static final int MAX_IO_THREADS = 32;

  private final Supplier<WebSocketContainer> factory;
  private final AtomicReference<WebSocketContainer> container = new AtomicReference<>();
  private final ExecutorService io;
  private final AtomicInteger replaced = new AtomicInteger();

  /** The leadership epoch every handshake carries; negative while this instance does not lead. */
  private final LongSupplier epoch;

  LinkClient(Supplier<WebSocketContainer> factory, ThreadFactory threads, LongSupplier epoch) {
    this.factory = factory;
    this.epoch = epoch;
    this.io =
        new ThreadPoolExecutor(
            0, MAX_IO_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
    container.set(create());
  }

  /**
   * The leadership epoch (ARCHITECTURE.md#flow-cluster) to sign into a handshake now.
   *
   * @throws IOException while this instance does not drive the fleet
   */
  long epoch() throws IOException {
    long e = epoch.getAsLong();
    if (e < 0) {
      throw new IOException("this management instance does not drive the fleet now");
    }
    return e;
  }

  /** The client container new connections use. */
  WebSocketContainer container() {
    return container.get();
  }

  /** Runs a call that may hang on an I/O thread; the caller waits for it with a deadline. */
  <T> Future<T> submit(Callable<T> call) {
    return io.submit(call);
  }

  /**
   * A handshake on {@code stuck} overran its deadline: new connections get a fresh container (once,
   * however many links report the same one).
   */
  void handshakeAbandoned(WebSocketContainer stuck) {
    WebSocketContainer fresh = create();
    if (container.compareAndSet(stuck, fresh)) {
      LOG.warning(
          "a link handshake hung past its deadline: new connections use a fresh WebSocket client"
              + " (replaced "
              + replaced.incrementAndGet()
              + " times since start)");
    }
  }

  /** How many times the container was replaced since start. */
  int replacements() {
    return replaced.get();
  }

  private WebSocketContainer create() {
    WebSocketContainer c = factory.get();
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> props =
          (Map<String, Object>) c.getClass().getMethod("getProperties").invoke(c);
      props.put(TYRUS_HANDSHAKE_TIMEOUT, Deadlines.CONNECT.toMillis() - 1000);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // not Tyrus: our own deadline alone bounds the handshake
    }
    return c;
  }

  @Override
  public void close() {
    io.shutdownNow();
  }
}
