package dev.felu.push;

import dev.felu.protocol.Message;
import dev.felu.protocol.Reply;
import jakarta.ejb.ApplicationException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Sends the frames of one transfer over a link as they are read, with up to {@link #WINDOW} replies
 * outstanding. A small delta (Begin, one chunk, Commit) therefore costs one round trip, while a
 * large snapshot never has more than a few chunks in flight, which bounds what either side buffers.
 * The first refusal stops the transfer (as a {@link Refused}); replies already on their way are
 * collected so the link stays in step.
 */
final class TransferSender implements Consumer<Message> {
  static final int WINDOW = 4;

  /**
   * Thrown out of the reader when the nameserver refused a frame or the link failed. An application
   * exception, so it crosses the reader EJB's boundary as itself.
   */
  @ApplicationException
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Reply reply;

    Refused(Reply reply, LinkException cause) {
      super(reply != null ? reply.error() : cause.getMessage(), cause);
      this.reply = reply;
    }
  }

  private final LinkEndpoint link;
  private final Deque<CompletableFuture<byte[]>> inFlight = new ArrayDeque<>();
  private Reply last;
  private long frames;

  TransferSender(LinkEndpoint link) {
    this.link = link;
  }

  @Override
  public void accept(Message m) {
    try {
      inFlight.add(link.send(m));
      link.moved(); // a frame read and sent is progress, before any reply
      frames++;
      while (inFlight.size() > (m instanceof Message.Commit ? 0 : WINDOW)) {
        Reply r = link.await(inFlight.poll(), Deadlines.APPLY_REPLY);
        last = r;
        if (!r.ok()) {
          drain();
          throw new Refused(r, null);
        }
      }
    } catch (LinkException e) {
      throw new Refused(null, e);
    }
  }

  /** The reply to the Commit (the last frame), once the transfer is complete. */
  Reply last() {
    return last;
  }

  long frames() {
    return frames;
  }

  private void drain() {
    try {
      while (!inFlight.isEmpty()) {
        link.await(inFlight.poll(), Deadlines.APPLY_REPLY);
      }
    } catch (LinkException e) {
      inFlight.clear(); // the link is closed; nothing left to keep in step
    }
  }
}
