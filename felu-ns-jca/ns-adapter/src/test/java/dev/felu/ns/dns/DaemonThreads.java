package dev.felu.ns.dns;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The tests' {@link TaskRunner}: a daemon thread per task, remembered so tests can check them. */
public final class DaemonThreads implements TaskRunner {
  private final List<Thread> started = new CopyOnWriteArrayList<>();

  @Override
  public void start(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    started.add(t);
    t.start();
  }

  /** Every thread started so far. */
  public List<Thread> started() {
    return started;
  }
}
