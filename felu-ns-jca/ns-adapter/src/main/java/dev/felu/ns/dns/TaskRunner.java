package dev.felu.ns.dns;

/**
 * Runs a long-lived task (a UDP worker loop, the TCP selector loop) on a thread the host provides:
 * the connector WorkManager in the container, plain threads in unit tests.
 */
@FunctionalInterface
public interface TaskRunner {
  /** Starts the task; throws when the host refuses it (no thread free). */
  void start(String name, Runnable task) throws Exception;
}
