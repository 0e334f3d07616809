package dev.yieldfrom.runtime;

import java.util.ArrayDeque;

/**
 * A single-threaded event loop modelled on asyncio's: a queue of ready callbacks, run one batch
 * per iteration, and the tasks that drive coroutines through it.
 *
 * <p>Only the thread running the loop may touch it, its futures and its tasks.
 */
public final class EventLoop implements AutoCloseable {
  private final ArrayDeque<Handle> ready = new ArrayDeque<>();
  private boolean closed;
  private boolean running;

  private EventLoop() {}

  public static EventLoop create() {
    return new EventLoop();
  }

  /** Schedules {@code callback} to run on the next iteration, after those already scheduled. */
  public Handle callSoon(Runnable callback) {
    ensureOpen();
    Handle handle = new Handle(callback);
    ready.addLast(handle);
    return handle;
  }

  /** Wraps {@code coroutine} in a task that starts on the next iteration. */
  public <T> Task<T> createTask(Gen<?, ?, T> coroutine) {
    ensureOpen();
    return new Task<>(this, coroutine);
  }

  public <T> Future<T> createFuture() {
    ensureOpen();
    return new Future<>(this);
  }

  /**
   * Runs the loop until {@code coroutine} finishes, and returns its result or rethrows its
   * exception as-is.
   */
  public <T> T runUntilComplete(Gen<?, ?, T> coroutine) {
    return runUntilComplete(createTask(coroutine));
  }

  /** Runs the loop until {@code future} is done; returns its result or rethrows its exception. */
  public <T> T runUntilComplete(Future<T> future) {
    ensureOpen();
    if (running) {
      throw new IllegalStateException("this event loop is already running");
    }
    if (future.loop() != this) {
      throw new IllegalArgumentException("future belongs to another loop");
    }
    running = true;
    try {
      while (!future.isDone()) {
        if (ready.isEmpty()) {
          throw new IllegalStateException(
              "event loop has nothing left to run but the future is not done: " + future);
        }
        runOnce();
      }
    } finally {
      running = false;
    }
    return future.result();
  }

  /** One iteration: runs exactly the callbacks that were ready when it began. */
  private void runOnce() {
    for (int n = ready.size(); n > 0; n--) {
      ready.pollFirst().run();
    }
  }

  public boolean isRunning() {
    return running;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Closes the loop; pending callbacks are dropped. Closing twice is fine, a running loop not. */
  @Override
  public void close() {
    if (running) {
      throw new IllegalStateException("cannot close a running event loop");
    }
    closed = true;
    ready.clear();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("event loop is closed");
    }
  }
}
