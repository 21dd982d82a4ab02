package dev.felu.push;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The replies one connection awaits, oldest first. The nameserver answers every message in order,
 * so each reply that arrives completes the oldest future: messages can be pipelined ({@link
 * TransferSender}) without any id on the wire.
 */
final class ReplyQueue {
  private final Queue<CompletableFuture<byte[]>> awaited = new ConcurrentLinkedQueue<>();

  /** A message is about to be sent: the future its reply completes. */
  CompletableFuture<byte[]> expect() {
    CompletableFuture<byte[]> reply = new CompletableFuture<>();
    awaited.add(reply);
    return reply;
  }

  /** A reply arrived: it answers the oldest message still awaiting one. */
  void arrived(byte[] reply) {
    CompletableFuture<byte[]> oldest = awaited.poll();
    if (oldest != null) {
      oldest.complete(reply);
    }
  }

  /** The connection is gone: every reply still awaited fails with {@code why}. */
  void failAll(Throwable why) {
    for (CompletableFuture<byte[]> p; (p = awaited.poll()) != null; ) {
      p.completeExceptionally(why);
    }
  }
}
